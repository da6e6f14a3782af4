package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.Prometheus;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.Stack;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Submissions that arrive together are stored together, in one statement and one commit (issue
 * #16). These tests attack what grouping could break: the order of a client's jobs in their line,
 * each job running once, and one tenant's busy sandbox holding up every other tenant's
 * submissions behind it in the same group.
 */
class SubmissionGroupsIT {
    private static final int CLIENTS = 16;
    private static final int JOBS_PER_CLIENT = 15;
    private static final int SANDBOXES = 4;

    private final RawApi alice = RawApi.tenantA();
    private final RawApi bob = RawApi.tenantB();

    /**
     * Sixteen clients submit back to back, four to each of four sandboxes, so submissions are
     * stored in groups that hold several jobs of one line. Every job runs once, and each client's
     * jobs run in the order it submitted them (it sends the next only after the 202 of the last).
     */
    @Test
    void jobsStoredTogetherRunOnceEachInTheirClientsOrder() throws Exception {
        List<String> sandboxes = new ArrayList<>();
        for (int s = 0; s < SANDBOXES; s++) {
            sandboxes.add(TestEnvironment.sandboxId("grouped-" + s));
            Jobs.runInSandbox(alice, sandboxes.get(s), ExecRequest.command("true"));
        }
        Prometheus before = api();
        List<String> submitted = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    start.await();
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < JOBS_PER_CLIENT; i++) {
                        mine.add(Jobs.submitToSandbox(alice, sandboxes.get(client % SANDBOXES),
                                ExecRequest.command("echo " + client + " " + i + " >> /workspace/ran")));
                    }
                    return mine;
                }));
            }
            start.countDown();
            for (Future<List<String>> future : running) {
                submitted.addAll(future.get(120, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }
        Prometheus after = api();
        double groups = after.sum("boxcar_submissions_group_jobs_count") - before.sum("boxcar_submissions_group_jobs_count");
        double grouped = after.sum("boxcar_submissions_group_jobs_sum") - before.sum("boxcar_submissions_group_jobs_sum");
        assertTrue(grouped > groups, "no group held more than one submission (" + grouped + " in " + groups + ")");
        assertEquals(before.sum("boxcar_submissions_group_left_total", "reason", "group_refused"),
                after.sum("boxcar_submissions_group_left_total", "reason", "group_refused"),
                "a group was refused, and its jobs stored one by one");

        for (String id : submitted) {
            JsonObject job = Jobs.awaitFinished(alice, id, Duration.ofSeconds(90));
            assertEquals("completed", job.getString("status"), job::toString);
        }
        for (int s = 0; s < SANDBOXES; s++) {
            String ran = Jobs.runInSandbox(alice, sandboxes.get(s), ExecRequest.command("cat /workspace/ran"))
                    .getJsonObject("result").getString("stdout");
            int[] next = new int[CLIENTS];
            List<String> lines = Arrays.stream(ran.split("\n")).filter(line -> !line.isBlank()).toList();
            for (String line : lines) {
                String[] parts = line.trim().split(" ");
                int client = Integer.parseInt(parts[0]);
                assertEquals(next[client], Integer.parseInt(parts[1]), "client " + client + " in " + sandboxes.get(s) + ":\n" + ran);
                next[client]++;
            }
            assertEquals(CLIENTS / SANDBOXES * JOBS_PER_CLIENT, lines.size(), "each job of the line ran once:\n" + ran);
        }
        sandboxes.forEach(id -> alice.delete("/api/v1/sandboxes/" + id));
    }

    /**
     * Bob's sandbox row is locked against new jobs (as while it is being destroyed, held here by a
     * transaction of the test's own). Bob's submission to it waits for that lock; Alice's
     * submissions, arriving with it and after it, are stored meanwhile and not held up.
     */
    @Test
    void aSandboxLockedAgainstNewJobsDoesNotHoldUpAnotherTenantsSubmissions() throws Exception {
        String bobs = TestEnvironment.sandboxId("group-locked");
        String alices = TestEnvironment.sandboxId("group-free");
        Jobs.runInSandbox(bob, bobs, ExecRequest.command("true"));
        Jobs.runInSandbox(alice, alices, ExecRequest.command("true"));
        ExecutorService clients = Executors.newFixedThreadPool(9);
        try (Connection db = Stack.database()) {
            // A submission just before: the API has counted Bob's queued jobs a moment ago, so his
            // next one is stored by a group (the first after a while counts them, alone).
            Jobs.submitToSandbox(bob, bobs, ExecRequest.command("true"));
            db.setAutoCommit(false);
            try (PreparedStatement lock = db.prepareStatement("SELECT 1 FROM sandboxes WHERE sandbox_id = ? FOR UPDATE")) {
                lock.setString(1, bobs);
                lock.executeQuery().close();
            }
            Future<ApiResponse> bobsSubmission = clients.submit(() ->
                    bob.post("/api/v1/sandboxes/" + bobs + "/exec", ExecRequest.command("echo bob").json()));
            long holder = Stack.backendPid(db);
            Poll.until(Duration.ofSeconds(20), "Bob's submission to wait for the lock", () -> Stack.someoneWaitsFor(holder));
            List<CompletableFuture<Void>> alicesSubmissions = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                alicesSubmissions.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 5; i++) {
                        Jobs.submitToSandbox(alice, alices, ExecRequest.command("true"));
                    }
                }, clients));
            }
            CompletableFuture.allOf(alicesSubmissions.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertFalse(bobsSubmission.isDone(), "Bob's submission did not wait for his sandbox's lock: "
                    + (bobsSubmission.isDone() ? bobsSubmission.get() : ""));
            db.rollback();
            ApiResponse answer = bobsSubmission.get(30, TimeUnit.SECONDS);
            assertEquals(202, answer.status(), answer::toString);
            JsonObject job = Jobs.awaitFinished(bob, answer.json().getString("id"), Duration.ofSeconds(60));
            assertEquals("bob\n", job.getJsonObject("result").getString("stdout"), job::toString);
        } finally {
            clients.shutdownNow();
            bob.delete("/api/v1/sandboxes/" + bobs);
            alice.delete("/api/v1/sandboxes/" + alices);
        }
    }

    private static Prometheus api() {
        return Prometheus.scrape(TestEnvironment.apiUrl() + "/metrics");
    }
}
