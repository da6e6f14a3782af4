package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.Stack;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Prompt answers during a single outage (issue #12): with the broker gone a submission is still
 * accepted at once (PostgreSQL is the outbox), with the database gone it gets a 503 with
 * Retry-After at once, a long-poll never hangs past its wait, and a job whose command ends
 * during a database outage is neither failed nor run again.
 */
class OutageIT {
    private final RawApi alice = RawApi.tenantA();

    @AfterEach
    void bringBackWhatTheTestStopped() {
        try {
            Stack.startDatabase();
        } catch (IllegalStateException alreadyRunning) {
            // started by the test itself
        }
        Stack.revive();
        Poll.until(Duration.ofSeconds(60), "the API to be ready again",
                () -> RawApi.anonymous().get("/health/ready").status() == 200);
    }

    private record Timed(ApiResponse response, long millis) {
    }

    private Timed timed(java.util.function.Supplier<ApiResponse> call) {
        long start = System.nanoTime();
        ApiResponse response = call.get();
        return new Timed(response, (System.nanoTime() - start) / 1_000_000);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Answers within a second (median; 2 s at most), and readiness says what is away within a few
     * seconds (a killed broker's sockets close only once the kernel has torn its memory down, and
     * the API learns of it from its connection's exception listener, which may take longer than
     * the submissions did).
     */
    private static void assertPromptAndNotReady(String what, List<Long> millis, String readinessSays) {
        System.out.printf("%s, median %d ms, slowest %d ms (in order: %s)%n", what, median(millis), Collections.max(millis), millis);
        assertTrue(median(millis) < 1000 && Collections.max(millis) < 2000, "answers took " + millis + " ms");
        Poll.until(Duration.ofSeconds(10), "readiness to say " + readinessSays, () -> {
            ApiResponse ready = RawApi.anonymous().get("/health/ready");
            return ready.status() == 503 && ready.body().contains(readinessSays) && ready.body().contains("reasons");
        });
    }

    @Test
    void withTheBrokerKilledSubmissionsAreAcceptedAtOnceAndRunOnceItIsBack() {
        // Both brokers of a pair (BrokerFailoverIT kills only the live one).
        Stack.kill9Brokers();
        List<String> accepted = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String sandbox = TestEnvironment.sandboxId("broker-gone-" + (i % 4));
            int n = i;
            Timed submitted = timed(() -> alice.post("/api/v1/sandboxes/" + sandbox + "/exec",
                    ExecRequest.command("echo " + n).json()));
            assertEquals(202, submitted.response().status(), submitted.response()::toString);
            accepted.add(submitted.response().json().getString("id"));
            millis.add(submitted.millis());
        }
        assertPromptAndNotReady("broker killed: 20 submissions answered 202", millis, "broker unreachable");

        Stack.revive();
        for (String jobId : accepted) {
            JsonObject job = Jobs.awaitFinished(alice, jobId, Duration.ofSeconds(120));
            assertEquals("completed", job.getString("status"), job::toString);
            assertEquals(1, job.getInt("attempts"), job::toString);
        }
    }

    @Test
    void withTheDatabaseStoppedAnswersAre503AtOnceAndAJobEndingMeanwhileIsKept() throws Exception {
        String sandbox = TestEnvironment.sandboxId("db-gone");
        String running = Jobs.startInSandbox(alice, sandbox,
                ExecRequest.command("echo started; sleep 3; echo survived >> /workspace/evidence; echo survived"));
        Poll.until(Duration.ofSeconds(30), "the command to start", () -> Stack.liveStdoutOf(running).contains("started"));
        String waitedFor = Jobs.submitToSandbox(alice, TestEnvironment.sandboxId("db-gone-poll"),
                ExecRequest.command("sleep 30").timeoutMs(60_000));
        CompletableFuture<Timed> longPoll = CompletableFuture.supplyAsync(
                () -> timed(() -> alice.get("/api/v1/jobs/" + waitedFor + "?wait=8")));
        long awayBefore = Stack.databaseAwayLinesInWorkerLogs();

        Stack.stopDatabase();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Timed submitted = timed(() -> alice.post("/api/v1/sandboxes/" + sandbox + "-new/exec",
                    ExecRequest.command("echo never").json()));
            assertEquals(503, submitted.response().status(), submitted.response()::toString);
            assertTrue(String.valueOf(submitted.response().contentType()).startsWith("application/problem+json"),
                    submitted.response()::toString);
            assertTrue(submitted.response().retryAfter() != null, submitted.response()::toString);
            millis.add(submitted.millis());
            Timed read = timed(() -> alice.get("/api/v1/jobs/" + running));
            assertEquals(503, read.response().status(), read.response()::toString);
            millis.add(read.millis());
        }
        assertPromptAndNotReady("database stopped: 10 requests answered 503", millis, "\"database\":\"down\"");

        Timed polled = longPoll.get(20, TimeUnit.SECONDS);
        System.out.printf("a long-poll with wait=8 in flight during the outage answered %d after %d ms%n",
                polled.response().status(), polled.millis());
        assertTrue(List.of(202, 503).contains(polled.response().status()), polled.response()::toString);
        assertTrue(polled.millis() < 11_000, "the long-poll hung for " + polled.millis() + " ms");

        // The command ends while the database is away: its worker keeps the outcome until it is back.
        Poll.until(Duration.ofSeconds(30), "a worker to meet the outage",
                () -> Stack.databaseAwayLinesInWorkerLogs() > awayBefore);
        Stack.startDatabase();
        Poll.until(Duration.ofSeconds(30), "the API to accept again", () -> alice.post(
                "/api/v1/sandboxes/" + sandbox + "-after/exec", ExecRequest.command("echo back").json()).status() == 202);
        JsonObject kept = Jobs.awaitFinished(alice, running, Duration.ofSeconds(120));
        assertEquals("completed", kept.getString("status"), kept::toString);
        assertEquals("started\nsurvived\n", kept.getJsonObject("result").getString("stdout"));
        assertEquals(1, kept.getInt("attempts"), "the job was handed to another worker after the outage: " + kept);
        assertEquals("survived\n", Jobs.runInSandbox(alice, sandbox, ExecRequest.command("cat /workspace/evidence"))
                .getJsonObject("result").getString("stdout"));
        alice.delete("/api/v1/jobs/" + waitedFor);
    }
}
