package dev.boxcar.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BrokerUrlTest {
    private static final String PAIR = "(tcp://127.0.0.1:61616,tcp://127.0.0.1:61617)";

    @Test
    void oneBrokerKeepsItsUrlAndGetsTheRoleOptions() {
        assertFalse(BrokerUrl.isPair("tcp://127.0.0.1:61616"));
        assertEquals("tcp://127.0.0.1:61616?reconnectAttempts=0",
                BrokerUrl.with("tcp://127.0.0.1:61616", "reconnectAttempts=0"));
        assertEquals("tcp://broker:61616?sslEnabled=true&reconnectAttempts=0",
                BrokerUrl.with("tcp://broker:61616?sslEnabled=true", "reconnectAttempts=0"));
    }

    @Test
    void aListedPairIsHighlyAvailableEvenWhenTheUrlDoesNotSaySo() {
        assertTrue(BrokerUrl.isPair(PAIR));
        assertTrue(BrokerUrl.isPair(PAIR + "?ha=true"));
        assertEquals(PAIR + "?ha=true&reconnectAttempts=-1", BrokerUrl.with(PAIR, "reconnectAttempts=-1"));
        assertEquals(PAIR + "?ha=true&reconnectAttempts=-1", BrokerUrl.with(PAIR + "?ha=true", "reconnectAttempts=-1"));
    }

    @Test
    void theOperatorsHaSettingIsKept() {
        assertTrue(BrokerUrl.isPair("tcp://a:61616?ha=true"));
        assertFalse(BrokerUrl.isPair(PAIR + "?ha=false"));
        assertEquals(PAIR + "?ha=false&x=1", BrokerUrl.with(PAIR + "?ha=false", "x=1"));
        assertFalse(BrokerUrl.isPair("(tcp://a:61616)?retryInterval=100"));
    }
}
