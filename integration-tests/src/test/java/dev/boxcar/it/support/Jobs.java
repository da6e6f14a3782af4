package dev.boxcar.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.model.Job;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * Submitting jobs and waiting for them with a deadline (long-poll first, then polling), through
 * the typed client or, for the tests that check raw answers, through {@link RawApi}.
 */
public final class Jobs {
    private Jobs() {
    }

    /** Submits to a sandbox, checks the 202, and returns the finished job. */
    public static JsonObject runInSandbox(RawApi client, String sandboxId, ExecRequest request) {
        return awaitFinished(client, submitToSandbox(client, sandboxId, request), Duration.ofSeconds(90));
    }

    public static String submitToSandbox(RawApi client, String sandboxId, ExecRequest request) {
        ApiResponse submitted = client.post("/api/v1/sandboxes/" + sandboxId + "/exec", request.json());
        assertEquals(202, submitted.status(), () -> "submission answered " + submitted);
        return submitted.json().getString("id");
    }

    public static JsonObject runThrowaway(RawApi client, ExecRequest request) {
        return runThrowawayJson(client, request.json());
    }

    public static JsonObject runThrowawayJson(RawApi client, String body) {
        ApiResponse submitted = client.post("/api/v1/exec", body);
        assertEquals(202, submitted.status(), () -> "submission answered " + submitted);
        return awaitFinished(client, submitted.json().getString("id"), Duration.ofSeconds(90));
    }

    /** Submits a long command to a sandbox and returns once a worker runs it. */
    public static String startInSandbox(RawApi client, String sandboxId, ExecRequest request) {
        String jobId = submitToSandbox(client, sandboxId, request);
        Poll.until(Duration.ofSeconds(60), "job " + jobId + " to run",
                () -> "running".equals(client.get("/api/v1/jobs/" + jobId).json().getString("status")));
        return jobId;
    }

    /** Long-polls until the job is finished or the deadline passes. */
    public static JsonObject awaitFinished(RawApi client, String jobId, Duration deadline) {
        Instant end = Instant.now().plus(deadline);
        while (Instant.now().isBefore(end)) {
            ApiResponse response = client.get("/api/v1/jobs/" + jobId + "?wait=20");
            if (response.status() == 200) {
                return response.json();
            }
            if (response.status() != 202) {
                fail("waiting for job " + jobId + " answered " + response);
            }
        }
        return fail("job " + jobId + " did not finish within " + deadline);
    }

    /** Runs a command in a sandbox through the typed client and returns the finished job. */
    public static Job runInSandbox(BoxcarClient client, String sandboxId, dev.boxcar.client.model.ExecRequest.Builder request) {
        Job job = client.sandboxes().execAndWait(sandboxId, request.build(), Duration.ofSeconds(90));
        assertTrue(job.isFinished(), () -> "not finished within 90 s: " + job);
        return job;
    }

    /** Runs a command in a throw-away container through the typed client and returns the finished job. */
    public static Job runThrowaway(BoxcarClient client, dev.boxcar.client.model.ExecRequest.Builder request) {
        Job job = client.jobs().execAndWait(request.build(), Duration.ofSeconds(90));
        assertTrue(job.isFinished(), () -> "not finished within 90 s: " + job);
        return job;
    }

    /** Submits a long command to a sandbox through the typed client and returns once a worker runs it. */
    public static String startInSandbox(BoxcarClient client, String sandboxId, dev.boxcar.client.model.ExecRequest.Builder request) {
        String jobId = client.sandboxes().exec(sandboxId, request.build()).id();
        Poll.until(Duration.ofSeconds(60), "job " + jobId + " to run",
                () -> "running".equals(client.jobs().get(jobId).status()));
        return jobId;
    }

    /** Waits through the typed client until the job is finished; fails when the deadline passes first. */
    public static Job awaitFinished(BoxcarClient client, String jobId, Duration deadline) {
        Job job = client.jobs().await(jobId, deadline);
        assertTrue(job.isFinished(), () -> "job " + jobId + " did not finish within " + deadline + ": " + job);
        return job;
    }
}
