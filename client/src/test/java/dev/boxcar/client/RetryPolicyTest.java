package dev.boxcar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(6, Duration.ofMinutes(1), Duration.ofMillis(200), Duration.ofSeconds(2));

    @Test
    void theServersRetryAfterWinsOverTheBackoff() {
        assertEquals(Duration.ofSeconds(5), policy.delayBeforeRetry(3, Duration.ofSeconds(5), 0.99));
    }

    @Test
    void withoutRetryAfterTheBackoffDoublesUpToItsCap() {
        // random 1.0 (just under) → factor ~1; random 0 → factor 0.5
        assertEquals(Duration.ofMillis(200), policy.delayBeforeRetry(1, null, 1.0));
        assertEquals(Duration.ofMillis(400), policy.delayBeforeRetry(2, null, 1.0));
        assertEquals(Duration.ofMillis(800), policy.delayBeforeRetry(3, null, 1.0));
        assertEquals(Duration.ofMillis(1600), policy.delayBeforeRetry(4, null, 1.0));
        assertEquals(Duration.ofSeconds(2), policy.delayBeforeRetry(5, null, 1.0));
        assertEquals(Duration.ofSeconds(2), policy.delayBeforeRetry(60, null, 1.0), "no overflow for many attempts");
    }

    @Test
    void jitterTakesAtMostHalfOfTheBackoffAway() {
        assertEquals(Duration.ofMillis(400), policy.delayBeforeRetry(3, null, 0.0));
        assertEquals(Duration.ofMillis(600), policy.delayBeforeRetry(3, null, 0.5));
    }

    @Test
    void aPolicyNeedsAtLeastOneTryAndSaneDurations() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertEquals(1, RetryPolicy.none().maxAttempts());
    }
}
