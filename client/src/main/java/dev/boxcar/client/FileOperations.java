package dev.boxcar.client;

import static dev.boxcar.client.UrlParts.query;

import dev.boxcar.client.model.Job;
import java.time.Duration;
import java.time.Instant;

/**
 * Files of a sandbox as raw bytes (API.md "Files"). A path is absolute or relative to
 * {@code /workspace}. Both directions are jobs in the sandbox's line, after the jobs before them.
 */
public final class FileOperations {
    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    private final ApiCalls api;

    FileOperations(ApiCalls api) {
        this.api = api;
    }

    /** Submits a write of the bytes (parents created, sandbox created if needed); returns the queued job. */
    public Job write(String sandboxId, String path, byte[] content) {
        return api.read(writeCall(sandboxId, path, content, null), Job.class);
    }

    /**
     * Writes the bytes and waits until the write finished or {@code timeout} passed; returns the
     * write job as it then is ({@code completed} when written).
     */
    public Job writeAndWait(String sandboxId, String path, byte[] content, Duration timeout) {
        return ApiCalls.awaitUntil(timeout,
                wait -> api.read(writeCall(sandboxId, path, content, wait), Job.class),
                (job, wait) -> JobOperations.get(api, job.id(), wait),
                Job::isFinished);
    }

    /** The file's bytes, waiting up to a minute for the read; see {@link #read(String, String, Duration)}. */
    public byte[] read(String sandboxId, String path) {
        return read(sandboxId, path, DEFAULT_READ_TIMEOUT);
    }

    /**
     * The file's bytes. The server answers 202 while the read is still pending behind other jobs
     * of the sandbox; this asks again until it has the bytes or {@code timeout} passed
     * ({@link BoxcarTimeoutException}). A missing file is a 404 {@link BoxcarProblemException}.
     */
    public byte[] read(String sandboxId, String path, Duration timeout) {
        Instant deadline = Waits.deadline(Instant.now(), timeout);
        while (true) {
            int wait = Math.max(1, Waits.serverWaitSeconds(Instant.now(), deadline));
            Transport.Response answer = api.transport().exchange(Call.get(
                    SandboxOperations.path(sandboxId) + "/files" + query("path", path, "wait", wait))
                    .accepting("*/*")
                    .waitingUpTo(Duration.ofSeconds(wait)));
            if (answer.status() == 200) {
                return answer.body();
            }
            if (!Instant.now().isBefore(deadline)) {
                throw new BoxcarTimeoutException("reading " + path + " in sandbox " + sandboxId
                        + " was still pending after " + timeout.toSeconds() + " s");
            }
        }
    }

    private static Call writeCall(String sandboxId, String path, byte[] content, Integer wait) {
        return new Call("PUT", SandboxOperations.path(sandboxId) + "/files" + query("path", path, "wait", wait),
                content, "application/octet-stream", "application/json", null,
                wait == null ? Duration.ZERO : Duration.ofSeconds(wait));
    }
}
