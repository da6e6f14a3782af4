package dev.boxcar.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tenant's view of the API: every call carries its bearer token (or none). */
public final class BoxcarClient {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final String token;
    /** Null: the API server of BOXCAR_TEST_API_URL. */
    private final String baseUrl;

    private BoxcarClient(String token) {
        this(token, null);
    }

    private BoxcarClient(String token, String baseUrl) {
        this.token = token;
        this.baseUrl = baseUrl;
    }

    /** The same tenant talking to another API server (e.g. {@link TestEnvironment#secondApiUrl()}). */
    public BoxcarClient at(String apiUrl) {
        return new BoxcarClient(token, apiUrl);
    }

    public static BoxcarClient tenantA() {
        return new BoxcarClient(TestEnvironment.tokenA());
    }

    public static BoxcarClient tenantC() {
        return new BoxcarClient(TestEnvironment.tokenC());
    }

    public static BoxcarClient tenantB() {
        return new BoxcarClient(TestEnvironment.tokenB());
    }

    public static BoxcarClient withToken(String token) {
        return new BoxcarClient(token);
    }

    public static BoxcarClient anonymous() {
        return new BoxcarClient(null);
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
