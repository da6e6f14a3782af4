package dev.boxcar.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Raw HTTP calls to the API as a tenant (every call carries its bearer token, or none): status,
 * headers and body exactly as the server sent them, for the tests that check those. Tests that
 * only need the objects use the typed client ({@link Clients}).
 */
public final class RawApi {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final String token;
    /** Null: the API server of BOXCAR_TEST_API_URL. */
    private final String baseUrl;

    private RawApi(String token) {
        this(token, null);
    }

    private RawApi(String token, String baseUrl) {
        this.token = token;
        this.baseUrl = baseUrl;
    }

    /** The same tenant talking to another API server (e.g. {@link TestEnvironment#secondApiUrl()}). */
    public RawApi at(String apiUrl) {
        return new RawApi(token, apiUrl);
    }

    public static RawApi tenantA() {
        return new RawApi(TestEnvironment.tokenA());
    }

    public static RawApi tenantC() {
        return new RawApi(TestEnvironment.tokenC());
    }

    public static RawApi tenantB() {
        return new RawApi(TestEnvironment.tokenB());
    }

    public static RawApi withToken(String token) {
        return new RawApi(token);
    }

    public static RawApi anonymous() {
        return new RawApi(null);
    }

    public ApiResponse get(String path) {
        return send(request(path).GET());
    }

    public ApiResponse post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST with an {@code Idempotency-Key} header (API.md "Conventions"). */
    public ApiResponse post(String path, String json, String idempotencyKey) {
        return send(request(path).header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public ApiResponse put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    public ApiResponse putBytes(String path, byte[] body) {
        return send(request(path).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A GET whose body is kept as bytes (file downloads). */
    public HttpResponse<byte[]> getBytes(String path) {
        try {
            return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a Server-Sent Events stream; the caller reads lines until it has seen enough. */
    public java.util.stream.Stream<String> streamLines(String path) {
        try {
            return HTTP.send(request(path).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public ApiResponse delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create((baseUrl == null ? TestEnvironment.apiUrl() : baseUrl) + path))
                .timeout(Duration.ofSeconds(90));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static ApiResponse send(HttpRequest.Builder request) {
        try {
            return ApiResponse.of(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
