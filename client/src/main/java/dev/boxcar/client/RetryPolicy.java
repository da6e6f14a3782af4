package dev.boxcar.client;

import java.time.Duration;

/**
 * How often and for how long a call is tried again after {@code 429}, {@code 503} or a connection
 * that was refused or reset. A retry waits what the server's {@code Retry-After} says; without
 * one, an exponential backoff with jitter. Retries stop at {@code maxAttempts} tries or once the
 * next one would start after {@code maxTotalTime}, whichever comes first; then the last answer
 * (as a {@link BoxcarProblemException}) or the last connection failure is thrown.
 *
 * @param maxAttempts    tries in all, the first included (1 = never retry)
 * @param maxTotalTime   the longest time from the first try to the start of the last
 * @param initialBackoff the wait before the first retry when the server gave no {@code Retry-After}
 * @param maxBackoff     the longest such wait
 */
public record RetryPolicy(int maxAttempts, Duration maxTotalTime, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (maxTotalTime.isNegative() || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("durations must be positive and maxBackoff >= initialBackoff");
        }
    }

    /**
     * Ten tries within two minutes, backing off from a quarter second to ten seconds (about a
     * minute of backoff in all): rides out an API server's restart (about 25 s, answered with
     * refused connections and 503s) and a quota's {@code Retry-After} of a few seconds, without
     * hiding a longer outage.
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(10, Duration.ofMinutes(2), Duration.ofMillis(250), Duration.ofSeconds(10));
    }

    /** Every call is tried once. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    public static RetryPolicy of(int maxAttempts, Duration maxTotalTime) {
        RetryPolicy d = defaults();
        return new RetryPolicy(maxAttempts, maxTotalTime, d.initialBackoff, d.maxBackoff);
    }

    /**
     * The wait before the next try after {@code failedAttempts} tries failed: the server's
     * {@code Retry-After} when it gave one, else {@code initialBackoff × 2^(failedAttempts-1)}
     * capped at {@code maxBackoff}, scaled by a jitter factor in [0.5, 1) from {@code random} (in
     * [0, 1)) so that clients refused together do not come back together.
     */
    public Duration delayBeforeRetry(int failedAttempts, Duration retryAfter, double random) {
        if (retryAfter != null) {
            return retryAfter;
        }
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        long capped = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << doublings);
        if (capped < 0) {
            capped = maxBackoff.toMillis();
        }
        return Duration.ofMillis((long) (capped * (0.5 + random / 2)));
    }
}
