package dev.boxcar.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The Boxcar HTTP API as a client sees it: JSON in, status and JSON out. Plain blocking
 * {@link HttpURLConnection}s with keep-alive: one thread, one connection, no hand-offs between
 * threads, so the client adds as little as possible to the latencies it measures.
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

    static {
        // Keep-alive connections kept per host: one per concurrent client (the JDK keeps 5).
        System.setProperty("http.maxConnections", "256");
    }

    private final String base;
    private final String authorization;

    Api(String baseUrl, String token) {
        this.base = baseUrl.replaceAll("/+$", "") + "/api/v1";
        this.authorization = "Bearer " + token;
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
            HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(90_000);
            connection.setRequestProperty("Authorization", authorization);
            connection.setRequestProperty("Content-Type", "application/json");
            if (body != null) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = connection.getResponseCode();
            byte[] answer;
            // Reading every answer to its end (errors included) keeps the connection reusable.
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                answer = in == null ? new byte[0] : in.readAllBytes();
            }
            JsonObject json = answer.length == 0 ? JsonObject.EMPTY_JSON_OBJECT
                    : Json.createReader(new ByteArrayInputStream(answer)).readObject();
            return new Answer(status, json);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + method + " " + path + " failed: " + e.getMessage(), e);
        }
    }
}
