package dev.boxcar.it.chaos;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * A client as a careful user writes one: each call gets 10 s, and a refused connection or a 503
 * moves on to the next API instance (BOXCAR_TEST_API_URL_2, when a second one runs). It never
 * throws: a call that got no answer says how ({@link Answer#NO_ANSWER} or {@link Answer#REFUSED}).
 */
final class FailoverClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    static final Duration CALL_LIMIT = Duration.ofSeconds(10);

    private final List<String> apis;
    private final String token;

    FailoverClient(List<String> apis, String token) {
        this.apis = apis;
        this.token = token;
    }

    /** An HTTP status, or one of the two ways of getting none; with how long it took. */
    record Answer(int status, String body, long millis) {
        static final int REFUSED = -1;
        static final int NO_ANSWER = 0;

        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        String label() {
            return status == REFUSED ? "refused" : status == NO_ANSWER ? "no answer in 10 s" : Integer.toString(status);
        }
    }

    Answer get(String path) {
        return send(path, HttpRequest.newBuilder().GET(), null);
    }

    Answer post(String path, String json, String idempotencyKey) {
        return send(path, HttpRequest.newBuilder().header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), idempotencyKey);
    }

    private Answer send(String path, HttpRequest.Builder request, String idempotencyKey) {
        long start = System.nanoTime();
        int status = Answer.REFUSED;
        String last = "";
        for (String api : apis) {
            HttpRequest.Builder copy = request.copy().uri(URI.create(api + path)).timeout(CALL_LIMIT)
                    .header("Authorization", "Bearer " + token);
            if (idempotencyKey != null) {
                copy.header("Idempotency-Key", idempotencyKey);
            }
            try {
                HttpResponse<String> response = HTTP.send(copy.build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                last = response.body();
                if (status != 503) {
                    return new Answer(status, last, (System.nanoTime() - start) / 1_000_000);
                }
                // Unavailable here (starting, or its database is away): the next instance may answer.
            } catch (HttpTimeoutException e) {
                status = Answer.NO_ANSWER;
                break;
            } catch (ConnectException e) {
                status = Answer.REFUSED;
            } catch (IOException e) {
                // The connection broke mid-answer (the instance died): like a refusal, try the next.
                status = Answer.REFUSED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Answer(status, last, (System.nanoTime() - start) / 1_000_000);
    }
}
