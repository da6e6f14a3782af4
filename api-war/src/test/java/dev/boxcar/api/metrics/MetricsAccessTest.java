package dev.boxcar.api.metrics;

import static dev.boxcar.api.metrics.MetricsAccess.Verdict.ALLOWED;
import static dev.boxcar.api.metrics.MetricsAccess.Verdict.LOOPBACK_ONLY;
import static dev.boxcar.api.metrics.MetricsAccess.Verdict.WRONG_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsAccessTest {
    @Test
    void withoutATokenOnlyThisHostReads() {
        assertEquals(ALLOWED, MetricsAccess.check("127.0.0.1", Optional.empty(), null));
        assertEquals(ALLOWED, MetricsAccess.check("0:0:0:0:0:0:0:1", Optional.empty(), null));
        assertEquals(LOOPBACK_ONLY, MetricsAccess.check("10.1.2.3", Optional.empty(), null));
        assertEquals(LOOPBACK_ONLY, MetricsAccess.check("192.168.0.7", Optional.empty(), "Bearer anything"));
        assertEquals(LOOPBACK_ONLY, MetricsAccess.check("localhost.evil.example", Optional.empty(), null));
        assertEquals(LOOPBACK_ONLY, MetricsAccess.check(null, Optional.empty(), null));
    }

    @Test
    void withATokenEveryoneMustSendIt() {
        Optional<String> token = Optional.of("s3cret");
        assertEquals(ALLOWED, MetricsAccess.check("10.1.2.3", token, "Bearer s3cret"));
        assertEquals(WRONG_TOKEN, MetricsAccess.check("10.1.2.3", token, "Bearer s3cre"));
        assertEquals(WRONG_TOKEN, MetricsAccess.check("127.0.0.1", token, null));
        assertEquals(WRONG_TOKEN, MetricsAccess.check("127.0.0.1", token, "Basic s3cret"));
    }
}
