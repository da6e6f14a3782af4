package dev.boxcar.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The Boxcar HTTP API as a client sees it: JSON in, status and JSON out. One blocking keep-alive
 * {@link HttpConnection} per thread, no hand-offs between threads, so the client adds as little as
 * possible to the latencies it measures and takes little of the CPU the stack runs on.
 *
 * <p>Why the measured calls stay here rather than on the Java client ({@code client/}): its
 * {@code java.net.http.HttpClient} hands every exchange between its selector thread and the
 * caller's, and it sends a generated Idempotency-Key with every POST, which the server stores
 * in the submitting transaction; both would add to the per-job latencies and the submissions per
 * second this benchmark reports, and make them incomparable with earlier runs (BENCHMARKS.md). The
 * client does the setup and teardown (sandboxes) and the batch section, whose wall time of many
 * seconds such costs do not move.
 */
final class Api {
    record Answer(int status, JsonObject json) {
    }

    /** Made once: {@code Json.createReader} looks its provider up on every call. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(java.util.Map.of());

    private final String basePath;
    private final String authorization;
    /** One connection per client thread, kept alive between its requests. */
    private final ThreadLocal<HttpConnection> connection;

    Api(String baseUrl, String token) {
        URI base = URI.create(baseUrl.replaceAll("/+$", ""));
        this.basePath = (base.getPath() == null ? "" : base.getPath()) + "/api/v1";
        this.authorization = "Bearer " + token;
        this.connection = ThreadLocal.withInitial(() -> new HttpConnection(base.getHost(),
                base.getPort() < 0 ? 80 : base.getPort()));
    }

    Answer post(String path, String body) {
        return send("POST", path, body);
    }

    Answer put(String path, String body) {
        return send("PUT", path, body);
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer delete(String path) {
        return send("DELETE", path, null);
    }

    /** Long-polls a job until it is finished; fails when it is not within a minute. */
    JsonObject awaitJob(String jobId) {
        for (int i = 0; i < 4; i++) {
            Answer answer = get("/jobs/" + jobId + "?wait=15");
            if (answer.status() == 200) {
                return answer.json();
            }
        }
        throw new IllegalStateException("job " + jobId + " did not finish within a minute");
    }

    /** Fails loudly: a benchmark that measures errors measures nothing. */
    static Answer expect(int status, Answer answer, String what) {
        if (answer.status() != status) {
            throw new IllegalStateException(what + ": expected " + status + ", got " + answer.status() + " " + answer.json());
        }
        return answer;
    }

    private Answer send(String method, String path, String body) {
        try {
            HttpConnection.Answer answer = connection.get().exchange(method, basePath + path, authorization,
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8));
            JsonObject json = answer.body().length == 0 ? JsonObject.EMPTY_JSON_OBJECT
                    : READERS.createReader(new ByteArrayInputStream(answer.body())).readObject();
            return new Answer(answer.status(), json);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("HTTP " + method + " " + path + " failed: " + e.getMessage(), e);
        }
    }
}
