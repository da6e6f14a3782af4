package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.BoxcarProblemException;
import dev.boxcar.client.model.ExposedPort;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.ProcessRequest;
import dev.boxcar.client.model.SandboxSpec;
import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * API.md "Ports": preview URLs reach a server listening inside a sandbox with network none,
 * through the worker's relay and the sandbox's agent; no API token is needed, only the URL's.
 */
class PortsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BoxcarClient alice = Clients.tenantA();
    private final RawApi raw = RawApi.tenantA();
    private final RawApi bob = RawApi.tenantB();

    private static String ports(String sandbox) {
        return "/api/v1/sandboxes/" + sandbox + "/ports";
    }

    /** A sandbox (network none) running server.py on {@code port}, with an index page. */
    private String sandboxServing(String purpose, int port) {
        String sandbox = TestEnvironment.sandboxId(purpose);
        alice.sandboxes().create(sandbox, SandboxSpec.defaults());
        alice.files().writeAndWait(sandbox, "server.py", resource("preview/server.py"), Duration.ofSeconds(60));
        alice.files().writeAndWait(sandbox, "site/index.html",
                "<h1>hello from the sandbox</h1>\n".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
        alice.processes().start(sandbox, ProcessRequest.argv("python3", "/workspace/server.py", String.valueOf(port)));
        return sandbox;
    }

    private JsonObject expose(String sandbox, int port, int expectedStatus) {
        ApiResponse response = raw.post(ports(sandbox), "{\"port\":" + port + ",\"name\":\"web\"}");
        assertEquals(expectedStatus, response.status(), response::toString);
        return response.json();
    }

    /** The URL answers once the server listens (502 until then). */
    private static HttpResponse<String> awaitServing(String url) {
        HttpResponse<String>[] last = new HttpResponse[1];
        Poll.until(Duration.ofSeconds(60), url + " to be served", () -> {
            last[0] = get(url);
            return last[0].statusCode() != 502;
        });
        return last[0];
    }

    @Test
    void aPageServedInsideTheSandboxIsFetchedThroughItsPreviewUrlWithoutAnApiToken() {
        String sandbox = sandboxServing("preview-page", 8000);
        JsonObject exposed = expose(sandbox, 8000, 201);
        assertEquals(8000, exposed.getInt("port"));
        assertEquals("web", exposed.getString("name"));
        assertTrue(exposed.getString("createdAt").endsWith("Z"), exposed::toString);
        String url = exposed.getString("url");
        assertTrue(url.startsWith(TestEnvironment.apiUrl()) && !url.contains("/api/v1/"), url);
        assertEquals(exposed, expose(sandbox, 8000, 200), "the same port again is the same object");

        HttpResponse<String> page = awaitServing(url);
        assertEquals(200, page.statusCode(), page::body);
        assertEquals("<h1>hello from the sandbox</h1>\n", page.body());
        assertEquals(404, get(url + "no-such-file").statusCode(), "the server's own 404 passes through");
        HttpResponse<String> echoed = send(HttpRequest.newBuilder(URI.create(url + "upper"))
                .POST(HttpRequest.BodyPublishers.ofString("shout this")).build());
        assertEquals("SHOUT THIS", echoed.body(), "a request body reaches the server");
        String headers = get(url + "headers?x=1").body();
        assertTrue(headers.contains("path: /headers?x=1"), headers);
        assertTrue(headers.contains("x-forwarded-prefix: /preview/"), headers);
        assertFalse(headers.contains("authorization"), "no API token was sent, none is needed: " + headers);

        JsonObject listed = raw.get(ports(sandbox)).json();
        assertEquals(1, listed.getJsonArray("items").size());
        assertEquals(exposed, listed.getJsonArray("items").getJsonObject(0));
        String withoutSlash = url.substring(0, url.length() - 1);
        HttpResponse<String> redirect = get(withoutSlash);
        assertEquals(308, redirect.statusCode());
    }

    @Test
    void whatASandboxServerAnswersCannotReachPastItsPreview() {
        String sandbox = sandboxServing("preview-hostile", 8005);
        String url = expose(sandbox, 8005, 201).getString("url");
        awaitServing(url);
        HttpResponse<String> originWide = get(url + "origin-wide");
        assertEquals(200, originWide.statusCode());
        assertTrue(originWide.headers().firstValue("Service-Worker-Allowed").isEmpty(), "no service worker for '/'");
        assertTrue(originWide.headers().firstValue("Clear-Site-Data").isEmpty(), "no clearing of the API's origin");
        assertEquals(502, get(url + "switch").statusCode(), "a protocol switch nobody asked for");
        HttpResponse<String> worker = send(HttpRequest.newBuilder(URI.create(url + "sw.js"))
                .header("Service-Worker", "script").GET().build());
        assertEquals(403, worker.statusCode(), "preview pages register no service worker");
        assertEquals(200, get(url).statusCode(), "the preview still serves");
    }

    @Test
    void aStreamedResponseArrivesChunkByChunk() throws IOException {
        String sandbox = sandboxServing("preview-stream", 8001);
        String url = expose(sandbox, 8001, 201).getString("url");
        awaitServing(url);
        HttpResponse<InputStream> stream = sendForStream(url + "stream");
        assertEquals(200, stream.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertEquals("first", lines.readLine(), "the first chunk arrives while the server still waits");
            alice.files().writeAndWait(sandbox, "site/go", new byte[0], Duration.ofSeconds(60));
            assertEquals("second", lines.readLine());
            assertEquals(null, lines.readLine());
        }
    }

    @Test
    void aWebSocketEchoWorksThroughThePreviewUrlAndDestroyingTheSandboxClosesIt() throws Exception {
        String sandbox = sandboxServing("preview-ws", 8002);
        String url = expose(sandbox, 8002, 201).getString("url");
        awaitServing(url);
        Echo echo = new Echo();
        WebSocket socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(url.replaceFirst("^http", "ws") + "ws"), echo).get(30, TimeUnit.SECONDS);
        socket.sendText("hello", true).get(10, TimeUnit.SECONDS);
        assertEquals("echo: hello", echo.nextText().get(30, TimeUnit.SECONDS));
        socket.sendText("and again", true).get(10, TimeUnit.SECONDS);
        assertEquals("echo: and again", echo.nextText().get(30, TimeUnit.SECONDS));

        assertEquals(202, raw.delete("/api/v1/sandboxes/" + sandbox).status());
        echo.closed.get(60, TimeUnit.SECONDS);
        Poll.until(Duration.ofSeconds(30), "the destroyed sandbox's URL to be 404", () -> get(url).statusCode() == 404);
    }

    @Test
    void anotherTenantGets404AndAClosedPortOrAWrongTokenIs404() {
        String sandbox = sandboxServing("preview-close", 8003);
        String url = expose(sandbox, 8003, 201).getString("url");
        awaitServing(url);

        assertEquals(404, bob.get(ports(sandbox)).status(), "another tenant does not see the ports");
        assertEquals(404, bob.post(ports(sandbox), "{\"port\":8003}").status(), "nor exposes one");
        assertEquals(404, bob.delete(ports(sandbox) + "/8003").status(), "nor closes one");
        assertEquals(200, get(url).statusCode(), "the port is still open");

        String token = url.replaceAll(".*/preview/([^/]+)/$", "$1");
        String forged = url.replace(token, new StringBuilder(token).reverse().toString());
        assertNotEquals(url, forged);
        HttpResponse<String> wrong = get(forged);
        assertEquals(404, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(404, get(TestEnvironment.apiUrl() + "/preview/not-a-token/").statusCode());

        assertEquals(204, raw.delete(ports(sandbox) + "/8003").status());
        assertEquals(404, get(url).statusCode(), "a closed port's URL is 404 at once");
        assertEquals(0, raw.get(ports(sandbox)).json().getJsonArray("items").size());
        assertEquals(404, raw.delete(ports(sandbox) + "/8003").status());
    }

    @Test
    void nothingListeningIs502AndBadRequestsChangeNothing() {
        String sandbox = TestEnvironment.sandboxId("preview-none");
        assertEquals(404, raw.post(ports(sandbox), "{\"port\":8000}").status(), "the sandbox must exist");
        assertEquals(404, raw.get("/api/v1/sandboxes/" + sandbox).status(), "and is not created");
        alice.sandboxes().create(sandbox, SandboxSpec.defaults());
        for (String bad : new String[] {"{\"port\":0}", "{\"port\":65536}", "{\"port\":\"80\"}", "{}",
                "{\"port\":80,\"name\":\"Bad Name\"}", "{\"port\":80,\"extra\":1}"}) {
            ApiResponse response = raw.post(ports(sandbox), bad);
            assertEquals(400, response.status(), bad + " -> " + response);
        }
        assertEquals(0, raw.get(ports(sandbox)).json().getJsonArray("items").size());
        alice.sandboxes().execAndWait(sandbox, ExecRequest.command("true").build(), Duration.ofSeconds(60));
        String url = expose(sandbox, 9999, 201).getString("url");
        HttpResponse<String> nothing = get(url);
        assertEquals(502, nothing.statusCode(), nothing::body);
        assertTrue(nothing.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    @Test
    void anIdleStoppedSandboxClosesItsPortsAndTheJavaClientSeesIt() {
        String sandbox = TestEnvironment.sandboxId("preview-idle");
        alice.sandboxes().create(sandbox, SandboxSpec.builder().idleTimeoutSeconds(10).build());
        alice.files().writeAndWait(sandbox, "site/index.html", "idle\n".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(60));
        ExposedPort exposed = alice.ports().expose(sandbox, 8004, "idle");
        assertEquals(8004, exposed.port());
        assertEquals("idle", exposed.name());
        assertEquals(java.util.List.of(exposed), alice.ports().list(sandbox));
        Poll.until(Duration.ofSeconds(90), "the idle sandbox to stop",
                () -> "stopped".equals(alice.sandboxes().get(sandbox).status()));
        assertEquals(java.util.List.of(), alice.ports().list(sandbox), "stopping closed the port");
        assertEquals(404, get(exposed.url()).statusCode());
        BoxcarProblemException closedTwice = assertThrows(BoxcarProblemException.class,
                () -> alice.ports().close(sandbox, 8004));
        assertEquals(404, closedTwice.status());
    }

    private static byte[] resource(String name) {
        try (InputStream in = PortsIT.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(HttpRequest.newBuilder(request, (n, v) -> true).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<InputStream> sendForStream(String url) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Collects text messages one at a time, and the close. */
    private static final class Echo implements WebSocket.Listener {
        private final java.util.concurrent.LinkedBlockingQueue<String> texts = new java.util.concurrent.LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(null);
        }

        CompletableFuture<String> nextText() {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return texts.poll(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            });
        }
    }
}
