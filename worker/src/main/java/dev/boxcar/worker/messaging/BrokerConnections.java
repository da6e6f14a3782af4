package dev.boxcar.worker.messaging;

import dev.boxcar.worker.WorkerConfig;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** Connection factories for the Artemis broker, tuned for how the worker uses them. */
public final class BrokerConnections {
    private BrokerConnections() {
    }

    /**
     * No client-side buffering ({@code consumerWindowSize=0}): a busy worker must not sit on
     * messages that an idle worker could run. Reconnects forever, so a broker restart is a pause.
     */
    public static ConnectionFactory forConsuming(WorkerConfig config) {
        return factory(config, "consumerWindowSize=0&reconnectAttempts=-1&retryInterval=500"
                + "&retryIntervalMultiplier=2&maxRetryInterval=5000");
    }

    /** For the dispatcher: fails fast when the broker is away; the next round tries again. */
    public static ConnectionFactory forPublishing(WorkerConfig config) {
        return factory(config, "reconnectAttempts=0&callTimeout=5000");
    }

    private static ConnectionFactory factory(WorkerConfig config, String options) {
        String url = config.brokerUrl() + (config.brokerUrl().contains("?") ? "&" : "?") + options;
        return new ActiveMQConnectionFactory(url, config.brokerUser(), config.brokerPassword());
    }
}
