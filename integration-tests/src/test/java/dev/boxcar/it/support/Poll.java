package dev.boxcar.it.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waiting in tests: poll a condition until a deadline, never a bare sleep. */
public final class Poll {
    private Poll() {
    }

    public static void until(Duration deadline, String what, BooleanSupplier condition) {
        Instant end = Instant.now().plus(deadline);
        long pauseMs = 20;
        while (Instant.now().isBefore(end)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
            pauseMs = Math.min(pauseMs * 2, 500);
        }
        fail(what + " did not happen within " + deadline);
    }

    /** Checks the condition again and again for {@code window}: it must hold every time. */
    public static void holdsFor(Duration window, String what, BooleanSupplier condition) {
        Instant end = Instant.now().plus(window);
        while (Instant.now().isBefore(end)) {
            if (!condition.getAsBoolean()) {
                fail(what + " stopped holding within " + window);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while checking " + what);
            }
        }
    }
}
