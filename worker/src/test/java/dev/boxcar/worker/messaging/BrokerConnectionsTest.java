package dev.boxcar.worker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BrokerConnectionsTest {
    private static final String PAIR = "(tcp://127.0.0.1:61616,tcp://127.0.0.1:61617)?ha=true";

    @Test
    void withOneBrokerConsumersBackOffToFiveSecondsAndPublishersFailFast() {
        assertEquals("tcp://127.0.0.1:61616?consumerWindowSize=0&reconnectAttempts=-1&retryInterval=500"
                + "&retryIntervalMultiplier=2&maxRetryInterval=5000", BrokerConnections.consumingUrl("tcp://127.0.0.1:61616"));
        assertEquals("tcp://127.0.0.1:61616?reconnectAttempts=0&callTimeout=5000",
                BrokerConnections.publishingUrl("tcp://127.0.0.1:61616"));
    }

    @Test
    void withAPairConsumersAndPublishersConnectAnewToTheLiveOne() {
        assertEquals(PAIR + "&consumerWindowSize=0&reconnectAttempts=0&clientFailureCheckPeriod=5000&connectionTTL=15000",
                BrokerConnections.consumingUrl(PAIR));
        assertEquals("(tcp://a:61616,tcp://b:61616)?ha=true&reconnectAttempts=0&callTimeout=5000&retryInterval=500",
                BrokerConnections.publishingUrl("(tcp://a:61616,tcp://b:61616)"));
    }
}
