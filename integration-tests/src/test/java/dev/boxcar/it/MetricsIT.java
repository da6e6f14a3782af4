package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.Prometheus;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The API's {@code /metrics} and every worker's (on its loopback port) are Prometheus text, and
 * their counters move with the work: a graded batch and a sandbox job show up as submissions,
 * starts, ends by verdict, queue and run histograms, container starts and agent calls.
 */
class MetricsIT {
    private static final String TENANT = TestEnvironment.TENANT_A;
    private final RawApi alice = RawApi.tenantA();

    private static List<Prometheus> workers() {
        List<String> endpoints = Prometheus.workerEndpoints();
        assertFalse(endpoints.isEmpty(), "no worker metrics endpoint in the run folder");
        return endpoints.stream().map(Prometheus::scrape).toList();
    }

    private static Prometheus api() {
        return Prometheus.scrape(TestEnvironment.apiUrl() + "/metrics");
    }

    @Test
    void countersMoveWithABatchAndASandboxJob() {
        Prometheus apiBefore = api();
        List<Prometheus> workersBefore = workers();

        JsonArrayBuilder jobs = Json.createArrayBuilder();
        for (int i = 0; i < 3; i++) {
            jobs.add(Json.createObjectBuilder().add("command", "echo " + i).add("expectedStdout", "1\n"));
        }
        ApiResponse batch = alice.post("/api/v1/batches", Json.createObjectBuilder().add("jobs", jobs).build().toString());
        assertEquals(202, batch.status(), batch::toString);
        String batchId = batch.json().getString("id");
        Poll.until(Duration.ofSeconds(90), "the batch is done",
                () -> alice.get("/api/v1/batches/" + batchId + "?wait=10").status() == 200);
        Jobs.runInSandbox(alice, TestEnvironment.sandboxId("metrics"), ExecRequest.command("echo sandboxed"));

        Prometheus apiAfter = api();
        assertTrue(apiAfter.sum("boxcar_jobs_submitted_total", "type", "exec", "tenant", TENANT)
                >= apiBefore.sum("boxcar_jobs_submitted_total", "type", "exec", "tenant", TENANT) + 4, apiAfter::toString);
        assertTrue(apiAfter.has("boxcar_queue_depth", "status", "queued"), apiAfter::toString);
        assertTrue(apiAfter.has("boxcar_queue_depth", "status", "running"), apiAfter::toString);
        assertTrue(apiAfter.has("jvm_memory_used_bytes"), "JVM meters");

        // Each worker counts what it ran; the sums over the workers move.
        Poll.until(Duration.ofSeconds(10), "the workers count the ends", () -> Prometheus.sum(workers(),
                "boxcar_jobs_finished_total", "type", "exec", "status", "completed", "verdict", "wrong_answer")
                >= Prometheus.sum(workersBefore, "boxcar_jobs_finished_total", "type", "exec", "status", "completed",
                "verdict", "wrong_answer") + 2);
        List<Prometheus> workersAfter = workers();
        assertMoved(workersBefore, workersAfter, 1, "boxcar_jobs_finished_total", "verdict", "accepted");
        assertMoved(workersBefore, workersAfter, 1, "boxcar_jobs_finished_total", "verdict", "none");
        assertMoved(workersBefore, workersAfter, 4, "boxcar_jobs_started_total", "type", "exec");
        assertMoved(workersBefore, workersAfter, 4, "boxcar_tenant_jobs_finished_total", "tenant", TENANT);
        assertMoved(workersBefore, workersAfter, 4, "boxcar_job_queue_wait_seconds_count", "type", "exec");
        assertMoved(workersBefore, workersAfter, 4, "boxcar_job_run_seconds_count", "type", "exec");
        assertMoved(workersBefore, workersAfter, 4, "boxcar_agent_call_seconds_count", "op", "exec");
        assertTrue(Prometheus.sum(workersAfter, "boxcar_container_start_seconds_count", "kind", "throwaway") >= 3,
                "throw-away container starts are counted");
        assertTrue(workersAfter.stream().allMatch(w -> w.has("boxcar_job_run_seconds_bucket", "le", "1.0")),
                "run times are histograms");
        assertTrue(workersAfter.stream().allMatch(w -> w.has("boxcar_dispatch_retries_total", "reason", "lost_worker")),
                "dispatch retries are reported, by reason");
    }

    @Test
    void openLongPollsAreGauged() {
        String jobId = Jobs.submitToSandbox(alice, TestEnvironment.sandboxId("metrics-poll"), ExecRequest.command("sleep 6"));
        CompletableFuture<ApiResponse> waiting = CompletableFuture.supplyAsync(() -> alice.get("/api/v1/jobs/" + jobId + "?wait=30"));
        Poll.until(Duration.ofSeconds(10), "the long-poll shows", () -> api().sum("boxcar_longpolls_open") >= 1);
        assertEquals(200, waiting.join().status());
    }

    private static void assertMoved(List<Prometheus> before, List<Prometheus> after, int atLeast, String name, String... labels) {
        double was = Prometheus.sum(before, name, labels);
        double now = Prometheus.sum(after, name, labels);
        assertTrue(now >= was + atLeast, name + " " + List.of(labels) + " went from " + was + " to " + now
                + " (expected +" + atLeast + ")");
    }
}
