package dev.boxcar.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The Boxcar HTTP API as a client sees it: JSON in, status and JSON out. */
final class Api {
    record Answer(int status, JsonObject json) {
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;
    private final String authorization;

    Api(String baseUrl, String token) {
        this.base = baseUrl.replaceAll("/+$", "") + "/api/v1";
        this.authorization = "Bearer " + token;
    }

    Answer post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer put(String path, String body) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer delete(String path) {
        return send(request(path).DELETE());
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

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(90))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json");
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonObject json = body == null || body.isBlank() ? JsonObject.EMPTY_JSON_OBJECT
                    : Json.createReader(new StringReader(body)).readObject();
            return new Answer(response.statusCode(), json);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
