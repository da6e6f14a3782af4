package dev.boxcar.client;

import java.time.Duration;
import java.time.Instant;

/**
 * Long-poll arithmetic: how long to ask the server to hold one answer ({@code ?wait=N}, 0..60
 * seconds by API.md) so that a loop of long-polls ends near the caller's deadline.
 */
final class Waits {
    static final int MAX_SERVER_WAIT_SECONDS = 60;

    private Waits() {
    }

    /** Whole seconds left until {@code deadline}, at most 60, at least 0 (rounded up so a loop never busy-spins). */
    static int serverWaitSeconds(Instant now, Instant deadline) {
        long millis = Duration.between(now, deadline).toMillis();
        if (millis <= 0) {
            return 0;
        }
        return (int) Math.min(MAX_SERVER_WAIT_SECONDS, (millis + 999) / 1000);
    }

    /** {@code now + timeout}, saturating instead of overflowing for very long timeouts. */
    static Instant deadline(Instant now, Duration timeout) {
        try {
            return now.plus(timeout);
        } catch (ArithmeticException | java.time.DateTimeException tooFar) {
            return Instant.MAX;
        }
    }
}
