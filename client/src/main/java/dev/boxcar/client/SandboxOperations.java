package dev.boxcar.client;

import static dev.boxcar.client.UrlParts.encode;
import static dev.boxcar.client.UrlParts.query;

import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.client.model.Page;
import dev.boxcar.client.model.Sandbox;
import dev.boxcar.client.model.SandboxSpec;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Sandboxes and the exec jobs that run in them (API.md "Sandboxes", "Exec jobs"). A sandbox need
 * not be created first: an exec, a process start or a file write creates it with the defaults.
 */
public final class SandboxOperations {
    private final ApiCalls api;

    SandboxOperations(ApiCalls api) {
        this.api = api;
    }

    /** Creates the sandbox with the server's defaults, or returns it when it exists. */
    public Sandbox create(String sandboxId) {
        return create(sandboxId, SandboxSpec.defaults());
    }

    /**
     * Creates the sandbox ({@code PUT}), or returns it when it exists with a configuration that
     * agrees with every field given; a differing field is a 409 {@link BoxcarProblemException}.
     */
    public Sandbox create(String sandboxId, SandboxSpec spec) {
        return api.read(Call.putJson(path(sandboxId), spec), Sandbox.class);
    }

    /** The sandbox; a 404 {@link BoxcarProblemException} when the tenant has none by that id. */
    public Sandbox get(String sandboxId) {
        return api.read(Call.get(path(sandboxId)), Sandbox.class);
    }

    /** One page of the tenant's sandboxes, newest first ({@code limit} 1..500; {@code cursor} null for the first page). */
    public Page<Sandbox> list(int limit, String cursor) {
        return api.page("/sandboxes" + query("limit", limit, "cursor", cursor), Sandbox.class);
    }

    /** Every sandbox of the tenant, newest first, fetched page by page as the stream is consumed. */
    public Stream<Sandbox> all() {
        return Pages.all(cursor -> list(100, cursor));
    }

    /** Destroys the sandbox's container and everything in it; returns the {@code sandbox.destroy} job. */
    public Job destroy(String sandboxId) {
        return api.read(Call.delete(path(sandboxId)), Job.class);
    }

    /** Submits a command to run in the sandbox (after the jobs before it); returns the queued job. */
    public Job exec(String sandboxId, ExecRequest request) {
        return exec(sandboxId, request, null);
    }

    /** {@link #exec(String, ExecRequest)} with the caller's own Idempotency-Key (1..255 characters). */
    public Job exec(String sandboxId, ExecRequest request, String idempotencyKey) {
        return api.read(Call.postJson(path(sandboxId) + "/exec", request, api.idempotencyKey(idempotencyKey)), Job.class);
    }

    /**
     * Submits a command and waits for it to finish: long-polls ({@code ?wait}) until it did or
     * {@code timeout} passed, and returns the job as it then is (check {@link Job#isFinished()}).
     */
    public Job execAndWait(String sandboxId, ExecRequest request, Duration timeout) {
        String key = api.idempotencyKey(null);
        return ApiCalls.awaitUntil(timeout,
                wait -> api.read(Call.postJson(path(sandboxId) + "/exec" + query("wait", wait), request, key)
                        .waitingUpTo(Duration.ofSeconds(wait)), Job.class),
                (job, wait) -> JobOperations.get(api, job.id(), wait),
                Job::isFinished);
    }

    static String path(String sandboxId) {
        return "/sandboxes/" + encode(sandboxId);
    }
}
