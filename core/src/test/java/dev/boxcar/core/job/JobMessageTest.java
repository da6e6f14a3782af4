package dev.boxcar.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobMessageTest {
    @Test
    void aWorkerSelectsItsHostsMessagesAndEverybodys() {
        assertEquals("boxcarHost IS NULL OR boxcarHost = 'host-2'", JobMessage.selectorFor("host-2"));
    }

    @Test
    void aHostIdThatCouldBreakOutOfTheSelectorIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> JobMessage.selectorFor("x' OR 'a'='a"));
        assertThrows(IllegalArgumentException.class, () -> JobMessage.selectorFor(""));
    }

    @Test
    void theMessageCarriesOnlyTheJobId() {
        UUID id = UUID.randomUUID();
        assertEquals(id.toString(), JobMessage.fromJson(JobMessage.of(id).toJson()).jobId());
    }
}
