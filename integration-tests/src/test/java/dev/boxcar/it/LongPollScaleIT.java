package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.TestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 1,000 concurrent {@code ?wait=30} long-polls on one API process while a plain GET still answers
 * in under a second: waiting holds neither a server thread nor a database connection.
 */
class LongPollScaleIT {
    private static final int WAITERS = 1000;

    @Test
    void aThousandWaitersDoNotStarveAPlainRead() throws Exception {
        RawApi alice = RawApi.tenantA();
        String jobId = Jobs.submitToSandbox(alice, TestEnvironment.sandboxId("waited"),
                ExecRequest.command("sleep 12; echo finally").timeoutMs(60000));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest poll = HttpRequest.newBuilder(URI.create(TestEnvironment.apiUrl() + "/api/v1/jobs/" + jobId + "?wait=30"))
                .header("Authorization", "Bearer " + TestEnvironment.tokenA())
                .timeout(Duration.ofSeconds(60))
                .build();
        List<CompletableFuture<HttpResponse<String>>> waiters = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            waiters.add(client.sendAsync(poll, HttpResponse.BodyHandlers.ofString()));
        }
        Poll.until(Duration.ofSeconds(30), WAITERS + " long-polls to be waiting in the API", () -> waitingLongPolls() >= WAITERS);

        long started = System.nanoTime();
        ApiResponse plain = alice.get("/api/v1/jobs/" + jobId);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(200, plain.status(), plain::toString);
        assertEquals("running", plain.json().getString("status"), "the waiters are still waiting");
        assertTrue(elapsedMs < 1000, "a plain GET took " + elapsedMs + " ms with " + WAITERS + " waiters");
        System.out.printf("plain GET with %d long-polls waiting: %d ms%n", WAITERS, elapsedMs);

        CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (CompletableFuture<HttpResponse<String>> waiter : waiters) {
            HttpResponse<String> response = waiter.get();
            assertEquals(200, response.statusCode(), response::body);
            assertTrue(response.body().contains("finally"), response::body);
        }
    }

    /** The API's own count of suspended long-polls (/health/ready). */
    private static int waitingLongPolls() {
        return RawApi.anonymous().get("/health/ready").json().getInt("longPolls");
    }
}
