package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * API.md: a tenant never holds more than its fair share of worker slots while other tenants' jobs
 * wait. Tenant A floods the queue with 1,000 jobs; tenant B's 10 jobs, submitted after them, must
 * not wait for A's to drain.
 */
class FairShareIT {
    private static final int A_JOBS = 1000;
    private static final int A_SANDBOXES = 16;
    private static final int B_JOBS = 10;
    private static final Duration B_BOUND = Duration.ofSeconds(25);

    private final RawApi alice = RawApi.tenantA();
    private final RawApi bob = RawApi.tenantB();

    @Test
    void anotherTenantsJobsFinishWhileOneTenantsThousandJobsRun() {
        JsonArrayBuilder jobs = Json.createArrayBuilder();
        for (int i = 0; i < A_JOBS; i++) {
            jobs.add(Json.createObjectBuilder().add("command", "sleep 0.2")
                    .add("sandboxId", TestEnvironment.sandboxId("flood-" + (i % A_SANDBOXES))));
        }
        ApiResponse flood = alice.post("/api/v1/batches", Json.createObjectBuilder().add("jobs", jobs).build().toString());
        assertEquals(202, flood.status(), flood::toString);
        String batch = flood.json().getString("id");
        try {
            // Let A's jobs take every slot first.
            dev.boxcar.it.support.Poll.until(Duration.ofSeconds(60), "A's batch to run", () ->
                    alice.get("/api/v1/batches/" + batch).json().getJsonObject("counts").getInt("running") >= 4);

            long submitted = System.nanoTime();
            List<String> bJobs = new ArrayList<>();
            for (int i = 0; i < B_JOBS; i++) {
                ApiResponse submittedJob = bob.post("/api/v1/exec", ExecRequest.command("echo b" + i).json());
                assertEquals(202, submittedJob.status(), submittedJob::toString);
                bJobs.add(submittedJob.json().getString("id"));
            }
            for (String id : bJobs) {
                JsonObject done = Jobs.awaitFinished(bob, id, B_BOUND.plusSeconds(60));
                assertEquals("completed", done.getString("status"), done::toString);
            }
            Duration latency = Duration.ofNanos(System.nanoTime() - submitted);
            JsonObject progress = alice.get("/api/v1/batches/" + batch).json();
            System.out.printf("fair share: B's %d jobs finished %d ms after submission; A's batch then %s%n",
                    B_JOBS, latency.toMillis(), progress.getJsonObject("counts"));
            assertFalse(progress.getBoolean("done"), "A's batch ended first; the test proves nothing: " + progress);
            assertTrue(latency.compareTo(B_BOUND) <= 0, "B's jobs took " + latency.toMillis() + " ms behind A's flood");
        } finally {
            alice.delete("/api/v1/batches/" + batch);
            for (int i = 0; i < A_SANDBOXES; i++) {
                alice.delete("/api/v1/sandboxes/" + TestEnvironment.sandboxId("flood-" + i));
            }
        }
    }
}
