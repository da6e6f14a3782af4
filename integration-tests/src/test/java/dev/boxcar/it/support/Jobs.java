package dev.boxcar.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/** Submitting jobs and waiting for them with a deadline (long-poll first, then polling). */
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
}
