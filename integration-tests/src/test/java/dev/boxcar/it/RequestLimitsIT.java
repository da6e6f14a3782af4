package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestLimitsIT {
    private static final int LIMIT = 10 * 1024 * 1024;
    private final RawApi alice = RawApi.tenantA();

    private static final String HEAD = "{\"command\":\"wc -c\",\"stdin\":\"";
    private static final String TAIL = "\"}";

    /** An exec body of exactly {@code size} bytes whose stdin is padding. */
    private static String bodyOfSize(int size) {
        return HEAD + "a".repeat(size - HEAD.length() - TAIL.length()) + TAIL;
    }

    @Test
    void aBodyOfExactlyTenMebibytesIsAccepted() {
        ApiResponse accepted = alice.post("/api/v1/sandboxes/" + TestEnvironment.sandboxId("big") + "/exec", bodyOfSize(LIMIT));
        assertEquals(202, accepted.status(), () -> "HTTP " + accepted.status());
        JsonObject job = Jobs.awaitFinished(alice, accepted.json().getString("id"), Duration.ofSeconds(90));
        assertEquals(String.valueOf(LIMIT - HEAD.length() - TAIL.length()), job.getJsonObject("result").getString("stdout").trim());
    }

    @Test
    void aLargerBodyIs413AndCreatesNothing() {
        String sandbox = TestEnvironment.sandboxId("too-big");
        ApiResponse rejected = alice.post("/api/v1/sandboxes/" + sandbox + "/exec", bodyOfSize(LIMIT + 1));
        assertEquals(413, rejected.status(), () -> "HTTP " + rejected.status());
        assertEquals("application/problem+json", rejected.contentType());
        assertEquals(404, alice.get("/api/v1/sandboxes/" + sandbox).status());
    }

    /**
     * Six 10 MiB submissions at once once exhausted the API's heap (500) and the workers' (their
     * consumer threads died with the jobs running): now each is accepted or told to come back (503
     * with Retry-After), and every accepted one completes.
     */
    @Test
    void sixTenMebibyteSubmissionsAtOnceGetNo500AndAllAcceptedComplete() throws Exception {
        String body = bodyOfSize(LIMIT);
        List<CompletableFuture<ApiResponse>> submissions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String sandbox = TestEnvironment.sandboxId("big-" + i);
            submissions.add(CompletableFuture.supplyAsync(() -> alice.post("/api/v1/sandboxes/" + sandbox + "/exec", body)));
        }
        List<String> accepted = new ArrayList<>();
        for (CompletableFuture<ApiResponse> submission : submissions) {
            ApiResponse answer = submission.get(120, TimeUnit.SECONDS);
            assertTrue(answer.status() == 202 || (answer.status() == 503 && answer.retryAfter() != null), answer::toString);
            if (answer.status() == 202) {
                accepted.add(answer.json().getString("id"));
            }
        }
        assertTrue(accepted.size() >= 2, "accepted " + accepted.size() + " of 6");
        for (String jobId : accepted) {
            JsonObject job = Jobs.awaitFinished(alice, jobId, Duration.ofSeconds(120));
            assertEquals("completed", job.getString("status"), job::toString);
            assertEquals(String.valueOf(LIMIT - HEAD.length() - TAIL.length()),
                    job.getJsonObject("result").getString("stdout").trim());
        }
    }
}
