package dev.boxcar.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends {@link Call}s to the API servers: adds the token and the headers, retries what the
 * {@link RetryPolicy} allows, and fails over between the configured servers.
 *
 * <p>Retried: {@code 429} and {@code 503} (honouring {@code Retry-After}) and a connection reset
 * or closed before an answer, for calls that are {@linkplain Call#isSafeToRepeat() safe to
 * repeat}; a refused connection (or one that could not be opened in time) for every call, since the
 * request never reached a server. Not retried: a request that timed out waiting for its answer
 * (the server may still be working on it, and the caller's timeout is the caller's decision).
 *
 * <p>Failover: the servers are tried in turn, starting with the one that answered last; a
 * connection failure or a {@code 503} moves on to the next one for the retry.
 */
final class Transport {
    /** A finished exchange with its whole body. */
    record Response(int status, String contentType, byte[] body) {
    }

    private final HttpClient http;
    private final List<URI> apiRoots;
    private final String authorization;
    private final Duration requestTimeout;
    private final RetryPolicy retries;
    private final Clock clock;
    private final AtomicInteger preferredServer = new AtomicInteger();

    Transport(HttpClient http, List<URI> apiRoots, String token, Duration requestTimeout, RetryPolicy retries) {
        this.http = http;
        this.apiRoots = List.copyOf(apiRoots);
        this.authorization = token == null ? null : "Bearer " + token;
        this.requestTimeout = requestTimeout;
        this.retries = retries;
        this.clock = Clock.systemUTC();
    }

    /** Sends the call and reads the whole answer; an error status becomes a {@link BoxcarProblemException}. */
    Response exchange(Call call) {
        HttpResponse<InputStream> response = open(call);
        try (InputStream body = response.body()) {
            return new Response(response.statusCode(), contentType(response), body.readAllBytes());
        } catch (IOException e) {
            throw new BoxcarConnectionException(call.method() + " " + call.pathAndQuery()
                    + ": the answer broke off: " + e.getMessage(), e);
        }
    }

    /**
     * Sends the call and returns the answer with its body still to be read (streams); an error
     * status is read whole and thrown as a {@link BoxcarProblemException}.
     */
    HttpResponse<InputStream> open(Call call) {
        Instant start = clock.instant();
        int attempt = 0;
        while (true) {
            attempt++;
            int server = Math.floorMod(preferredServer.get(), apiRoots.size());
            URI root = apiRoots.get(server);
            HttpResponse<InputStream> response;
            try {
                response = http.send(request(root, call), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpConnectTimeoutException | ConnectException neverReachedAServer) {
                moveOnFrom(server);
                pauseOrGiveUp(call, start, attempt, null, neverReachedAServer, root);
                continue;
            } catch (HttpTimeoutException noAnswerInTime) {
                throw new BoxcarConnectionException(call.method() + " " + root + call.pathAndQuery()
                        + ": no answer within " + timeoutOf(call).toSeconds() + " s", noAnswerInTime);
            } catch (IOException resetOrClosed) {
                moveOnFrom(server);
                if (!call.isSafeToRepeat()) {
                    throw failure(call, root, resetOrClosed, attempt);
                }
                pauseOrGiveUp(call, start, attempt, null, resetOrClosed, root);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BoxcarException("interrupted while calling " + call.method() + " " + call.pathAndQuery(), e);
            }
            int status = response.statusCode();
            if (status < 400) {
                preferredServer.set(server);
                return response;
            }
            BoxcarProblemException problem = problemOf(response);
            if ((status == 429 || status == 503) && call.isSafeToRepeat()) {
                if (status == 503) {
                    moveOnFrom(server);
                }
                if (pauseIfAllowed(start, attempt, problem.retryAfter().orElse(null))) {
                    continue;
                }
            }
            throw problem;
        }
    }

    /** Waits before the next try, or throws the failure when the policy allows no more tries. */
    private void pauseOrGiveUp(Call call, Instant start, int attempt, Duration retryAfter, IOException failure, URI root) {
        if (!pauseIfAllowed(start, attempt, retryAfter)) {
            throw failure(call, root, failure, attempt);
        }
    }

    /** Sleeps before the next try and returns true, or returns false when the policy allows no more. */
    private boolean pauseIfAllowed(Instant start, int attempt, Duration retryAfter) {
        if (attempt >= retries.maxAttempts()) {
            return false;
        }
        Duration delay = retries.delayBeforeRetry(attempt, retryAfter, ThreadLocalRandom.current().nextDouble());
        Instant nextTry = clock.instant().plus(delay);
        if (nextTry.isAfter(start.plus(retries.maxTotalTime()))) {
            return false;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BoxcarException("interrupted while waiting to retry", e);
        }
        return true;
    }

    private void moveOnFrom(int server) {
        preferredServer.compareAndSet(server, server + 1);
    }

    private BoxcarConnectionException failure(Call call, URI root, IOException cause, int attempts) {
        String what = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new BoxcarConnectionException(call.method() + " " + root + call.pathAndQuery() + " failed: " + what
                + " (" + attempts + (attempts == 1 ? " try" : " tries") + ")"
                + (apiRoots.size() > 1 ? " (servers tried in turn: " + apiRoots + ")" : ""), cause);
    }

    private BoxcarProblemException problemOf(HttpResponse<InputStream> response) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readAllBytes();
        } catch (IOException unreadable) {
            body = new byte[0];
        }
        Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null),
                clock.instant()).orElse(null);
        return ProblemParser.parse(response.statusCode(), contentType(response), body, retryAfter);
    }

    private HttpRequest request(URI root, Call call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(root + call.pathAndQuery()))
                .timeout(timeoutOf(call))
                .header("Accept", call.accept())
                .header("User-Agent", "boxcar-java-client");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (call.idempotencyKey() != null) {
            builder.header("Idempotency-Key", call.idempotencyKey());
        }
        if (call.contentType() != null) {
            builder.header("Content-Type", call.contentType());
        }
        HttpRequest.BodyPublisher body = call.body() == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(call.body());
        return builder.method(call.method(), body).build();
    }

    private Duration timeoutOf(Call call) {
        return requestTimeout.plus(call.serverWait());
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }
}
