package dev.boxcar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void delaySecondsAreReadAsSeconds() {
        assertEquals(Duration.ofSeconds(5), RetryAfter.parse("5", NOW).orElseThrow());
        assertEquals(Duration.ZERO, RetryAfter.parse(" 0 ", NOW).orElseThrow());
    }

    @Test
    void anHttpDateIsTheTimeUntilThen() {
        assertEquals(Duration.ofSeconds(30), RetryAfter.parse("Thu, 26 Nov 2026 12:00:30 GMT", NOW).orElseThrow());
        assertEquals(Duration.ZERO, RetryAfter.parse("Thu, 26 Nov 2026 11:59:00 GMT", NOW).orElseThrow(),
                "a date in the past means now");
    }

    @Test
    void anAbsentOrUnreadableHeaderCountsAsNone() {
        assertTrue(RetryAfter.parse(null, NOW).isEmpty());
        assertTrue(RetryAfter.parse("", NOW).isEmpty());
        assertTrue(RetryAfter.parse("soon", NOW).isEmpty());
        assertTrue(RetryAfter.parse("-3", NOW).isEmpty());
        assertTrue(RetryAfter.parse("1.5", NOW).isEmpty());
        assertTrue(RetryAfter.parse("99999999999999999999999", NOW).isEmpty());
    }
}
