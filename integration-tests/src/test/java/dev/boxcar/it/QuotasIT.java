package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant quotas (API.md "Conventions"): over its limit of queued jobs, sandboxes or open
 * streams a tenant gets 429 with Retry-After and nothing is created. ./boxcar test gives the third
 * tenant (carol) small quotas of her own (it-carol:1200 queued jobs, 40 sandboxes, 4 streams),
 * which these tests fill. Also: streams cannot starve long-polls.
 */
class QuotasIT {
    private final RawApi carol = RawApi.tenantC();
    private final RawApi bob = RawApi.tenantB();

    /** Carol's own limit from a {@code N,tenant:M} quota setting. */
    private static int setting(String name, int fallback) {
        String value = System.getenv(name);
        if (value != null) {
            for (String entry : value.split(",")) {
                if (entry.trim().startsWith(TestEnvironment.TENANT_C + ":")) {
                    return Integer.parseInt(entry.trim().substring(TestEnvironment.TENANT_C.length() + 1));
                }
            }
        }
        return fallback;
    }

    /** Carol's sandboxes that are not destroyed, counted through the API. */
    private int liveSandboxes() {
        int live = 0;
        String cursor = null;
        do {
            JsonObject page = carol.get("/api/v1/sandboxes?limit=500" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            for (var item : page.getJsonArray("items")) {
                if (!"destroyed".equals(item.asJsonObject().getString("status"))) {
                    live++;
                }
            }
            cursor = page.isNull("nextCursor") ? null : page.getString("nextCursor");
        } while (cursor != null);
        return live;
    }

    private static void assertQuota(ApiResponse answer) {
        assertEquals(429, answer.status(), answer::toString);
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
        assertNotNull(answer.retryAfter(), "429 without Retry-After");
        assertTrue(Integer.parseInt(answer.retryAfter()) > 0, answer.retryAfter());
    }

    @Test
    void aTenantOverItsQueuedJobsGets429AndNothingIsCreated() {
        int quota = setting("BOXCAR_QUOTA_QUEUED_JOBS", 1200);
        String line = TestEnvironment.sandboxId("quota-line");
        String blocker = Jobs.startInSandbox(carol, line, ExecRequest.command("sleep 120").timeoutMs(120_000));
        List<String> batches = new ArrayList<>();
        try {
            for (int left = quota; left > 0; left -= 1000) {
                JsonArrayBuilder jobs = Json.createArrayBuilder();
                for (int i = 0; i < Math.min(1000, left); i++) {
                    jobs.add(Json.createObjectBuilder().add("command", "true").add("sandboxId", line));
                }
                ApiResponse batch = carol.post("/api/v1/batches", Json.createObjectBuilder().add("jobs", jobs).build().toString());
                assertEquals(202, batch.status(), batch::toString);
                batches.add(batch.json().getString("id"));
            }
            int before = carol.get("/api/v1/jobs?sandboxId=" + line + "&status=queued&limit=1").status();
            assertEquals(200, before);
            assertQuota(carol.post("/api/v1/sandboxes/" + line + "/exec", ExecRequest.command("true").json()));
            assertQuota(carol.post("/api/v1/exec", ExecRequest.command("true").json()));
            ApiResponse other = bob.post("/api/v1/sandboxes/" + TestEnvironment.sandboxId("quota-other") + "/exec",
                    ExecRequest.command("true").json());
            assertEquals(202, other.status(), "another tenant's quota is its own: " + other);
        } finally {
            batches.forEach(id -> carol.delete("/api/v1/batches/" + id));
            carol.delete("/api/v1/jobs/" + blocker);
        }
        ApiResponse again = carol.post("/api/v1/exec", ExecRequest.command("true").json());
        assertEquals(202, again.status(), "room again once the queue drained: " + again);
        carol.delete("/api/v1/sandboxes/" + line);
        bob.delete("/api/v1/sandboxes/" + TestEnvironment.sandboxId("quota-other"));
    }

    @Test
    void aTenantOverItsSandboxesGets429() {
        int quota = setting("BOXCAR_QUOTA_SANDBOXES", 40);
        List<String> made = new ArrayList<>();
        try {
            int live = liveSandboxes();
            for (int i = 0; i < quota + 1; i++) {
                String id = TestEnvironment.sandboxId("quota-sb-" + i);
                ApiResponse put = carol.put("/api/v1/sandboxes/" + id, "{}");
                if (put.status() == 429) {
                    assertQuota(put);
                    assertEquals(404, carol.get("/api/v1/sandboxes/" + id).status(), "a refused sandbox was created");
                    assertEquals(quota, live, "429 with " + live + " live sandboxes");
                    return;
                }
                assertEquals(201, put.status(), put::toString);
                made.add(id);
                live++;
            }
            throw new AssertionError("no 429 after " + live + " sandboxes (quota " + quota + ")");
        } finally {
            made.forEach(id -> carol.delete("/api/v1/sandboxes/" + id));
        }
    }

    @Test
    void streamsBeyondTheQuotaGet429AndOpenStreamsDoNotStarveAnotherTenantsLongPoll() throws Exception {
        int quota = setting("BOXCAR_QUOTA_STREAMS", 4);
        String job = Jobs.startInSandbox(carol, TestEnvironment.sandboxId("quota-streams"),
                ExecRequest.command("sleep 60").timeoutMs(60_000));
        HttpClient http = HttpClient.newHttpClient();
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < quota; i++) {
                HttpResponse<InputStream> stream = openStream(http, "/api/v1/jobs/" + job + "/stream");
                assertEquals(200, stream.statusCode());
                open.add(stream.body());
            }
            HttpResponse<InputStream> refused = openStream(http, "/api/v1/jobs/" + job + "/stream");
            assertEquals(429, refused.statusCode());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "429 without Retry-After");
            refused.body().close();

            // Bob's long-poll answers when its wait is up, whatever carol's streams do.
            String bobJob = Jobs.startInSandbox(bob, TestEnvironment.sandboxId("quota-poll"),
                    ExecRequest.command("sleep 30").timeoutMs(30_000));
            long started = System.nanoTime();
            ApiResponse poll = bob.get("/api/v1/jobs/" + bobJob + "?wait=2");
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(202, poll.status(), poll::toString);
            assertTrue(tookMs < 4000, "a ?wait=2 long-poll took " + tookMs + " ms beside " + quota + " open streams");
            bob.delete("/api/v1/jobs/" + bobJob);
        } finally {
            for (InputStream stream : open) {
                stream.close();
            }
            carol.delete("/api/v1/jobs/" + job);
            carol.delete("/api/v1/sandboxes/" + TestEnvironment.sandboxId("quota-streams"));
            bob.delete("/api/v1/sandboxes/" + TestEnvironment.sandboxId("quota-poll"));
        }
    }

    private static HttpResponse<InputStream> openStream(HttpClient http, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(TestEnvironment.apiUrl() + path))
                .header("Authorization", "Bearer " + TestEnvironment.tokenC())
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }
}
