package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.Stack;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that fails over from one API server to the other loses nothing: jobs, idempotency keys
 * and long-poll wake-ups (LISTEN/NOTIFY) live in PostgreSQL, not in a server. Runs against the two
 * servers of {@code ./boxcar test} ({@code BOXCAR_TEST_API_URL_2}); kills the first with -9 and
 * brings it back with {@code ./boxcar restart api}.
 */
class ApiFailoverIT {
    private final RawApi first = RawApi.tenantA();
    private RawApi second;
    private boolean firstKilled;

    @BeforeEach
    void needsTwoServers() {
        String url = TestEnvironment.secondApiUrl();
        assumeTrue(url != null, "one API server only (BOXCAR_TEST_API_URL_2 unset): ./boxcar test runs two");
        second = RawApi.tenantA().at(url);
    }

    @AfterEach
    void restoreTheFirstServer() {
        if (firstKilled && !ready(first)) {
            Stack.restart("api");
        }
    }

    @Test
    void aSubmissionRepeatedOnTheOtherServerAfterACrashFindsTheSameJobAndItsResult() throws Exception {
        String sandbox = TestEnvironment.sandboxId("failover");
        String path = "/api/v1/sandboxes/" + sandbox + "/exec";
        String key = "failover-" + UUID.randomUUID();
        String body = ExecRequest.command("sleep 4; echo survived").json();

        ApiResponse accepted = first.post(path, body, key);
        assertEquals(202, accepted.status(), accepted::toString);
        String jobId = accepted.json().getString("id");
        // The client long-polls on the first server, which dies under it.
        CompletableFuture<ApiResponse> pollOnFirst = CompletableFuture.supplyAsync(
                () -> first.get("/api/v1/jobs/" + jobId + "?wait=60"));
        Poll.until(Duration.ofSeconds(10), "the first server to hold the long-poll", () -> longPolls(first) > 0);
        killFirst();
        ExecutionException cut = assertThrows(ExecutionException.class, () -> pollOnFirst.get(30, TimeUnit.SECONDS));
        assertTrue(cut.getCause() instanceof UncheckedIOException, cut::toString);

        // It repeats the submission, same key, on the second server: the same job, nothing new.
        ApiResponse repeated = second.post(path, body, key);
        assertEquals(202, repeated.status(), repeated::toString);
        assertEquals(jobId, repeated.json().getString("id"), "the key's job, not a new one");

        // And long-polls there: woken when the job finishes, before the wait runs out.
        String before = second.get("/api/v1/jobs/" + jobId).json().getString("status");
        Instant waitStarted = Instant.now();
        ApiResponse finished = second.get("/api/v1/jobs/" + jobId + "?wait=30");
        Duration waited = Duration.between(waitStarted, Instant.now());
        assertEquals(200, finished.status(), finished::toString);
        JsonObject job = finished.json();
        assertEquals("completed", job.getString("status"), job::toString);
        assertEquals("survived\n", job.getJsonObject("result").getString("stdout"));
        assertTrue(waited.compareTo(Duration.ofSeconds(25)) < 0, () -> "long-poll took " + waited);
        System.out.printf("failover: job was %s on the second server, its long-poll answered after %d ms%n",
                before, waited.toMillis());

        assertEquals(1, second.get("/api/v1/jobs?sandboxId=" + sandbox).json().getJsonArray("items").size(),
                "one job in the sandbox");
    }

    @Test
    void whatTheSecondServerAcceptedWhileTheFirstWasDownIsSeenByTheFirstOnceItIsBack() {
        killFirst();
        String sandbox = TestEnvironment.sandboxId("failover-back");
        String path = "/api/v1/sandboxes/" + sandbox + "/exec";
        String key = "failover-back-" + UUID.randomUUID();
        String body = ExecRequest.command("echo from the second server").json();
        ApiResponse accepted = second.post(path, body, key);
        assertEquals(202, accepted.status(), accepted::toString);
        String jobId = accepted.json().getString("id");
        String other = Jobs.submitToSandbox(second, sandbox, ExecRequest.command("echo no key"));

        Stack.restart("api");
        firstKilled = false;

        JsonObject job = Jobs.awaitFinished(first, jobId, Duration.ofSeconds(90));
        assertEquals("completed", job.getString("status"), job::toString);
        assertEquals("from the second server\n", job.getJsonObject("result").getString("stdout"));
        assertEquals("completed", Jobs.awaitFinished(first, other, Duration.ofSeconds(90)).getString("status"));
        ApiResponse repeated = first.post(path, body, key);
        assertEquals(202, repeated.status(), repeated::toString);
        assertEquals(jobId, repeated.json().getString("id"), "the key the second server stored");
        ApiResponse fresh = first.post(path, body, "failover-back-" + UUID.randomUUID());
        assertNotEquals(jobId, fresh.json().getString("id"), "another key is another job");
    }

    private void killFirst() {
        Stack.kill9("api");
        firstKilled = true;
        Poll.until(Duration.ofSeconds(30), "the first server to stop answering", () -> !answers(first));
        assertTrue(ready(second), "the second server is ready while the first is down");
    }

    private static boolean answers(RawApi client) {
        try {
            client.get("/health/live");
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static boolean ready(RawApi client) {
        try {
            return client.get("/health/ready").status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static int longPolls(RawApi client) {
        return client.get("/health/ready").json().getInt("longPolls");
    }
}
