package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        return setting(name, TestEnvironment.TENANT_C, fallback);
    }

    /** A tenant's limit from a {@code N,tenant:M} quota setting: its own entry, else the plain N. */
    private static int setting(String name, String tenant, int fallback) {
        String value = System.getenv(name);
        Integer general = null;
        if (value != null) {
            for (String entry : value.split(",")) {
                String trimmed = entry.trim();
                if (trimmed.startsWith(tenant + ":")) {
                    return Integer.parseInt(trimmed.substring(tenant.length() + 1));
                }
                if (trimmed.matches("\\d+")) {
                    general = Integer.parseInt(trimmed);
                }
            }
        }
        return general == null ? fallback : general;
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

    /**
     * How often the server writes a keep-alive comment on an idle stream (SseOutput.HEARTBEAT_MILLIS),
     * which is how it notices a client that went away: the write after the client's close may still
     * be accepted by the kernel (and answered with a reset), the one after it fails.
     */
    private static final Duration SERVER_HEARTBEAT = Duration.ofSeconds(15);

    /**
     * Bob's full default quota of streams (64) on one API server: the 65th is 429 with Retry-After,
     * alice's long-poll still answers when its wait is up, and once bob's client closes the
     * connections the server gives every slot back (found through its heartbeat writes), so he can
     * open 64 again -- and not one more.
     */
    @Test
    void aTenantsFullQuotaOfStreamsStarvesNoLongPollAndClosedStreamsGiveTheirSlotsBack() throws Exception {
        int quota = setting("BOXCAR_QUOTA_STREAMS", TestEnvironment.TENANT_B, 64);
        RawApi alice = RawApi.tenantA();
        String bobSandbox = TestEnvironment.sandboxId("quota-streams-bob");
        String aliceSandbox = TestEnvironment.sandboxId("quota-poll-alice");
        String bobJob = Jobs.startInSandbox(bob, bobSandbox, ExecRequest.command("sleep 120").timeoutMs(120_000));
        String path = "/api/v1/jobs/" + bobJob + "/stream";
        String aliceJob = null;
        List<RawStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < quota; i++) {
                RawStream stream = RawStream.open(path, TestEnvironment.tokenB());
                open.add(stream);
                assertEquals(200, stream.status, () -> "stream " + open.size() + " of " + quota + ": " + stream.head);
            }
            try (RawStream refused = RawStream.open(path, TestEnvironment.tokenB())) {
                assertEquals(429, refused.status, () -> "stream " + (quota + 1) + ": " + refused.head);
                assertNotNull(refused.retryAfter, () -> "429 without Retry-After: " + refused.head);
                assertTrue(Integer.parseInt(refused.retryAfter) > 0, refused.head);
            }

            aliceJob = Jobs.startInSandbox(alice, aliceSandbox, ExecRequest.command("sleep 30").timeoutMs(30_000));
            long started = System.nanoTime();
            ApiResponse poll = alice.get("/api/v1/jobs/" + aliceJob + "?wait=2");
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(202, poll.status(), poll::toString);
            assertEquals("running", poll.json().getString("status"), poll::toString);
            assertTrue(tookMs < 5000, "a ?wait=2 long-poll took " + tookMs + " ms beside " + quota + " open streams of bob");

            for (RawStream stream : open) {
                stream.close();
            }
            open.clear();
            Poll.until(SERVER_HEARTBEAT.multipliedBy(2).plusSeconds(5), "bob's " + quota + " closed streams to give their slots back",
                    () -> {
                        while (open.size() < quota) {
                            RawStream again = RawStream.open(path, TestEnvironment.tokenB());
                            if (again.status == 429) {
                                again.close();
                                return false;
                            }
                            open.add(again);
                            assertEquals(200, again.status, again.head);
                        }
                        return true;
                    });
            try (RawStream refused = RawStream.open(path, TestEnvironment.tokenB())) {
                assertEquals(429, refused.status, () -> "the quota counts the reopened streams: " + refused.head);
            }
        } finally {
            for (RawStream stream : open) {
                stream.close();
            }
            bob.delete("/api/v1/jobs/" + bobJob);
            if (aliceJob != null) {
                alice.delete("/api/v1/jobs/" + aliceJob);
            }
            bob.delete("/api/v1/sandboxes/" + bobSandbox);
            alice.delete("/api/v1/sandboxes/" + aliceSandbox);
        }
    }

    /**
     * A stream on a socket of its own: the answer's status line and headers are read, the rest is
     * left unread, and {@link #close()} really closes the TCP connection (no client pool keeps it).
     */
    private static final class RawStream implements AutoCloseable {
        final int status;
        final String head;
        final String retryAfter;
        private final Socket socket;

        private RawStream(Socket socket, String head) {
            this.socket = socket;
            this.head = head;
            String[] statusLine = head.lines().findFirst().orElse("").split(" ");
            this.status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
            this.retryAfter = head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("retry-after:"))
                    .map(l -> l.substring("retry-after:".length()).trim()).findFirst().orElse(null);
        }

        static RawStream open(String path, String token) {
            URI api = URI.create(TestEnvironment.apiUrl());
            int port = api.getPort() == -1 ? 80 : api.getPort();
            String prefix = api.getRawPath() == null ? "" : api.getRawPath().replaceAll("/+$", "");
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(api.getHost(), port), 5000);
                socket.setSoTimeout(15_000);
                String request = "GET " + prefix + path + " HTTP/1.1\r\n"
                        + "Host: " + api.getHost() + ":" + port + "\r\n"
                        + "Authorization: Bearer " + token + "\r\n"
                        + "Accept: text/event-stream\r\n\r\n";
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                while (head.length() < 65536 && !(head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n"))) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.append((char) b);
                }
                return new RawStream(socket, head.toString());
            } catch (IOException e) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the failure above is the one to report
                }
                throw new UncheckedIOException("opening " + path, e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static HttpResponse<InputStream> openStream(HttpClient http, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(TestEnvironment.apiUrl() + path))
                .header("Authorization", "Bearer " + TestEnvironment.tokenC())
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }
}
