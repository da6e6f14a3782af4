package dev.boxcar.api.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JobPublisherUrlTest {
    private static final String OPTIONS = "reconnectAttempts=0&initialConnectAttempts=1&callTimeout=3000&connectionTTL=15000"
            + "&confirmationWindowSize=1048576";

    @Test
    void oneBrokerFailsFast() {
        assertEquals("tcp://127.0.0.1:61616?" + OPTIONS, JobPublisher.url("tcp://127.0.0.1:61616"));
    }

    @Test
    void aPairIsAnHaFactoryThatStillFailsFast() {
        assertEquals("(tcp://127.0.0.1:61616,tcp://127.0.0.1:61617)?ha=true&" + OPTIONS + "&retryInterval=500",
                JobPublisher.url("(tcp://127.0.0.1:61616,tcp://127.0.0.1:61617)"));
    }
}
