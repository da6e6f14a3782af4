package dev.boxcar.client;

import dev.boxcar.client.model.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the operation classes share: typed calls over the {@link Transport}, the Idempotency-Key
 * of POSTs, and the long-poll loop.
 */
final class ApiCalls {
    private final Transport transport;
    private final boolean generateIdempotencyKeys;

    ApiCalls(Transport transport, boolean generateIdempotencyKeys) {
        this.transport = transport;
        this.generateIdempotencyKeys = generateIdempotencyKeys;
    }

    Transport transport() {
        return transport;
    }

    <T> T read(Call call, Class<T> type) {
        return JsonMapping.fromJson(transport.exchange(call).body(), type);
    }

    <T> Page<T> page(String pathAndQuery, Class<T> item) {
        return JsonMapping.fromJson(transport.exchange(Call.get(pathAndQuery)).body(), JsonMapping.pageOf(item));
    }

    /** The caller's key, or a fresh one: a retried POST then never creates a second object. */
    String idempotencyKey(String callersKey) {
        if (callersKey != null) {
            if (callersKey.isEmpty() || callersKey.length() > 255) {
                throw new IllegalArgumentException("an Idempotency-Key has 1..255 characters");
            }
            return callersKey;
        }
        return generateIdempotencyKeys ? UUID.randomUUID().toString() : null;
    }

    /**
     * Long-polls until {@code finished} holds or the deadline passes: {@code first} makes the
     * first call (a submission or a GET) with the wait it is given, {@code next} every later one (given the object as last seen).
     * Returns the object as the last answer showed it, finished or not.
     */
    static <T> T awaitUntil(Duration timeout, Function<Integer, T> first, java.util.function.BiFunction<T, Integer, T> next,
                            Predicate<T> finished) {
        Instant deadline = Waits.deadline(Instant.now(), timeout);
        T current = first.apply(Waits.serverWaitSeconds(Instant.now(), deadline));
        while (!finished.test(current)) {
            int wait = Waits.serverWaitSeconds(Instant.now(), deadline);
            if (wait == 0) {
                return current;
            }
            current = next.apply(current, wait);
        }
        return current;
    }
}
