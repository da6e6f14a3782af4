package dev.boxcar.client;

import static dev.boxcar.client.UrlParts.encode;
import static dev.boxcar.client.UrlParts.query;

import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.client.model.JobFilter;
import dev.boxcar.client.model.Page;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Jobs of every kind (API.md "Exec jobs"): following, cancelling and listing them, and throw-away
 * exec jobs, which run in a fresh container of their own (the grading case).
 */
public final class JobOperations {
    private final ApiCalls api;

    JobOperations(ApiCalls api) {
        this.api = api;
    }

    /** Submits a command to a fresh throw-away container; returns the queued job. */
    public Job exec(ExecRequest request) {
        return exec(request, null);
    }

    /** {@link #exec(ExecRequest)} with the caller's own Idempotency-Key (1..255 characters). */
    public Job exec(ExecRequest request, String idempotencyKey) {
        return api.read(Call.postJson("/exec", request, api.idempotencyKey(idempotencyKey)), Job.class);
    }

    /**
     * Submits a throw-away command and waits for it: long-polls until it finished or
     * {@code timeout} passed, and returns the job as it then is (check {@link Job#isFinished()}).
     */
    public Job execAndWait(ExecRequest request, Duration timeout) {
        String key = api.idempotencyKey(null);
        return ApiCalls.awaitUntil(timeout,
                wait -> api.read(Call.postJson("/exec" + query("wait", wait), request, key)
                        .waitingUpTo(Duration.ofSeconds(wait)), Job.class),
                (job, wait) -> get(api, job.id(), wait),
                Job::isFinished);
    }

    /** The job in its current state. */
    public Job get(String jobId) {
        return api.read(Call.get(path(jobId)), Job.class);
    }

    /**
     * Waits for the job to finish: long-polls until it did or {@code timeout} passed, and returns
     * it as it then is (check {@link Job#isFinished()}).
     */
    public Job await(String jobId, Duration timeout) {
        return ApiCalls.awaitUntil(timeout, wait -> get(api, jobId, wait), (job, wait) -> get(api, jobId, wait),
                Job::isFinished);
    }

    /**
     * Cancels the job: a queued one never runs, a running one has its process tree killed.
     * Returns the job; a job that already finished is a 409 {@link BoxcarProblemException}.
     */
    public Job cancel(String jobId) {
        return api.read(Call.delete(path(jobId)), Job.class);
    }

    /**
     * One page of the tenant's jobs that pass the filter, newest first. List items may leave out
     * the output and test details; {@link #get(String)} has them.
     */
    public Page<Job> list(JobFilter filter, int limit, String cursor) {
        return api.page("/jobs" + query("sandboxId", filter.sandboxId(), "status", filter.status(),
                "batchId", filter.batchId(), "limit", limit, "cursor", cursor), Job.class);
    }

    /** Every job that passes the filter, newest first, fetched page by page as the stream is consumed. */
    public Stream<Job> all(JobFilter filter) {
        return Pages.all(cursor -> list(filter, 100, cursor));
    }

    /**
     * The live output of a running exec job as Server-Sent Events (a server extension): what it
     * printed so far, then about once a second what is new, then an {@code end} event.
     */
    public LogStream streamOutput(String jobId) {
        return new LogStream(api.transport().open(Call.get(path(jobId) + "/stream").accepting("text/event-stream")).body());
    }

    /** {@code GET /jobs/{id}?wait=N}: 200 when finished, 202 with the current state when not. */
    static Job get(ApiCalls api, String jobId, int waitSeconds) {
        return api.read(Call.get(path(jobId) + query("wait", waitSeconds)).waitingUpTo(Duration.ofSeconds(waitSeconds)),
                Job.class);
    }

    static String path(String jobId) {
        return "/jobs/" + encode(jobId);
    }
}
