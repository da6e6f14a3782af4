package dev.boxcar.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A typed client of the Boxcar HTTP API (shared/API.md). Thread-safe; build one per token and
 * share it.
 *
 * <pre>{@code
 * BoxcarClient boxcar = BoxcarClient.builder()
 *         .baseUrl(URI.create("http://127.0.0.1:8080"))
 *         .token(System.getenv("BOXCAR_TOKEN"))
 *         .build();
 * Job job = boxcar.sandboxes().execAndWait("demo", ExecRequest.command("echo hello").build(), Duration.ofSeconds(30));
 * System.out.print(job.result().stdout());
 * }</pre>
 *
 * <p>Every error answer becomes a {@link BoxcarProblemException} (unchecked), a server out of
 * reach a {@link BoxcarConnectionException}. {@code 429} and {@code 503} answers and broken
 * connections are retried as the {@link RetryPolicy} allows, but only where repeating the call is
 * safe; that is why every POST carries a generated {@code Idempotency-Key} unless the caller gives
 * its own: a retried submission never creates a second job.
 */
public final class BoxcarClient {
    private final SandboxOperations sandboxes;
    private final JobOperations jobs;
    private final ProcessOperations processes;
    private final PortOperations ports;
    private final FileOperations files;
    private final BatchOperations batches;

    private BoxcarClient(ApiCalls api) {
        this.sandboxes = new SandboxOperations(api);
        this.jobs = new JobOperations(api);
        this.processes = new ProcessOperations(api);
        this.ports = new PortOperations(api);
        this.files = new FileOperations(api);
        this.batches = new BatchOperations(api);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sandboxes, and exec jobs in them. */
    public SandboxOperations sandboxes() {
        return sandboxes;
    }

    /** Jobs of every kind, and throw-away exec jobs. */
    public JobOperations jobs() {
        return jobs;
    }

    /** Background processes of sandboxes, their logs and log streams. */
    public ProcessOperations processes() {
        return processes;
    }

    /** Preview URLs for ports inside sandboxes. */
    public PortOperations ports() {
        return ports;
    }

    /** Files of sandboxes, as bytes. */
    public FileOperations files() {
        return files;
    }

    /** Batches of exec jobs. */
    public BatchOperations batches() {
        return batches;
    }

    /** Configures a {@link BoxcarClient}; {@link #baseUrl(URI)} and {@link #token(String)} are required. */
    public static final class Builder {
        private final List<URI> baseUrls = new ArrayList<>();
        private String token;
        private RetryPolicy retries = RetryPolicy.defaults();
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private boolean generateIdempotencyKeys = true;
        private HttpClient httpClient;

        private Builder() {
        }

        /**
         * A server to talk to, e.g. {@code http://127.0.0.1:8080} (the {@code /api/v1} base path
         * is added unless the URL ends with it). Call it again to add more servers: the client
         * then fails over between them, in turn, when one refuses connections or answers 503.
         */
        public Builder baseUrl(URI baseUrl) {
            baseUrls.add(Objects.requireNonNull(baseUrl, "baseUrl"));
            return this;
        }

        /** Several servers at once, as repeated {@link #baseUrl(URI)} calls. */
        public Builder baseUrls(List<URI> urls) {
            urls.forEach(this::baseUrl);
            return this;
        }

        /** The bearer token; it decides the tenant everything belongs to. */
        public Builder token(String token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        /** How 429, 503 and broken connections are retried ({@link RetryPolicy#defaults()} unless set). */
        public Builder retries(RetryPolicy retries) {
            this.retries = Objects.requireNonNull(retries, "retries");
            return this;
        }

        /**
         * How long one request may wait for its answer (default 30 s); a long-poll may wait as long
         * again as the {@code ?wait} it asked the server for.
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long opening a connection may take (default 5 s); ignored with {@link #httpClient(HttpClient)}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Whether POSTs without a caller's key get a generated {@code Idempotency-Key} (default
         * true). Without one a POST is never retried after it may have reached the server.
         */
        public Builder generateIdempotencyKeys(boolean generate) {
            this.generateIdempotencyKeys = generate;
            return this;
        }

        /** An {@link HttpClient} of the caller's (executor, proxy, TLS); by default one of the client's own. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        public BoxcarClient build() {
            if (baseUrls.isEmpty()) {
                throw new IllegalStateException("a base URL is required");
            }
            if (token == null) {
                throw new IllegalStateException("a token is required");
            }
            HttpClient http = httpClient != null ? httpClient : HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    // HTTP/1.1: Boxcar serves plain HTTP, where an h2c upgrade attempt only costs time.
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
            List<URI> apiRoots = baseUrls.stream().map(Builder::apiRoot).toList();
            Transport transport = new Transport(http, apiRoots, token, requestTimeout, retries);
            return new BoxcarClient(new ApiCalls(transport, generateIdempotencyKeys));
        }

        /** {@code http://host:port} or {@code http://host:port/api/v1} → {@code http://host:port/api/v1}. */
        static URI apiRoot(URI baseUrl) {
            String url = baseUrl.toString().replaceAll("/+$", "");
            return URI.create(url.endsWith("/api/v1") ? url : url + "/api/v1");
        }
    }
}
