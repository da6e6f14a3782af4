package dev.boxcar.client;

import static dev.boxcar.client.UrlParts.encode;
import static dev.boxcar.client.UrlParts.query;

import dev.boxcar.client.model.Job;
import dev.boxcar.client.model.LogsQuery;
import dev.boxcar.client.model.Page;
import dev.boxcar.client.model.ProcessLogs;
import dev.boxcar.client.model.ProcessRequest;
import dev.boxcar.client.model.SandboxProcess;
import java.util.stream.Stream;

/**
 * Background processes of a sandbox (API.md "Process jobs"): they keep running after the job that
 * started them. A process is named by its id or by the name it was started with.
 */
public final class ProcessOperations {
    /** The signal a kill sends first; TERM is followed by KILL after 5 seconds. */
    public enum Signal {
        TERM, KILL
    }

    private final ApiCalls api;

    ProcessOperations(ApiCalls api) {
        this.api = api;
    }

    /** Starts a process (creating the sandbox if needed); returns it, normally {@code starting}. */
    public SandboxProcess start(String sandboxId, ProcessRequest request) {
        return start(sandboxId, request, null);
    }

    /** {@link #start(String, ProcessRequest)} with the caller's own Idempotency-Key (1..255 characters). */
    public SandboxProcess start(String sandboxId, ProcessRequest request, String idempotencyKey) {
        return api.read(Call.postJson(processes(sandboxId), request, api.idempotencyKey(idempotencyKey)),
                SandboxProcess.class);
    }

    /** One page of the sandbox's processes, newest first. */
    public Page<SandboxProcess> list(String sandboxId, int limit, String cursor) {
        return api.page(processes(sandboxId) + query("limit", limit, "cursor", cursor), SandboxProcess.class);
    }

    /** Every process of the sandbox, newest first, fetched page by page as the stream is consumed. */
    public Stream<SandboxProcess> all(String sandboxId) {
        return Pages.all(cursor -> list(sandboxId, 100, cursor));
    }

    /** The process by id, or by name (the live one with that name, else the newest). */
    public SandboxProcess get(String sandboxId, String processIdOrName) {
        return api.read(Call.get(path(sandboxId, processIdOrName)), SandboxProcess.class);
    }

    /** Both streams of output so far (at most 5 seconds old). */
    public ProcessLogs logs(String sandboxId, String processIdOrName) {
        return logs(sandboxId, processIdOrName, LogsQuery.both());
    }

    /** The output so far, one stream or both, optionally the last lines or what came after an offset. */
    public ProcessLogs logs(String sandboxId, String processIdOrName, LogsQuery logs) {
        return api.read(Call.get(path(sandboxId, processIdOrName) + "/logs" + query(
                "stream", logs.channel() == null ? null : logs.channel().wireName(),
                "tail", logs.tail(), "afterOffset", logs.afterOffset())), ProcessLogs.class);
    }

    /**
     * The process's output as it comes (Server-Sent Events, a server extension): what it wrote so
     * far, then what is new about every half second, then an {@code end} event with its status.
     * Each open stream counts against the tenant's stream quota: close it.
     */
    public LogStream streamLogs(String sandboxId, String processIdOrName) {
        return new LogStream(api.transport().open(Call.get(path(sandboxId, processIdOrName) + "/logs/stream")
                .accepting("text/event-stream")).body());
    }

    /** Ends the process and its whole tree with TERM (KILL after 5 s); returns the kill job. */
    public Job kill(String sandboxId, String processIdOrName) {
        return kill(sandboxId, processIdOrName, Signal.TERM);
    }

    /** Ends the process with the given signal; a process that already ended is a 409 {@link BoxcarProblemException}. */
    public Job kill(String sandboxId, String processIdOrName, Signal signal) {
        return api.read(Call.delete(path(sandboxId, processIdOrName) + query("signal", signal.name())), Job.class);
    }

    private static String processes(String sandboxId) {
        return SandboxOperations.path(sandboxId) + "/processes";
    }

    private static String path(String sandboxId, String processIdOrName) {
        return processes(sandboxId) + "/" + encode(processIdOrName);
    }
}
