package dev.boxcar.worker.messaging;

import dev.boxcar.core.job.BrokerUrl;
import dev.boxcar.worker.WorkerConfig;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Connection factories for the Artemis broker, tuned for how the worker uses them. With a
 * primary/backup pair ({@link BrokerUrl#isPair}) they are HA factories: {@code ha=true}, so a
 * connection follows the pair's topology to whichever broker is live.
 */
public final class BrokerConnections {
    private BrokerConnections() {
    }

    /**
     * No client-side buffering ({@code consumerWindowSize=0}): a busy worker must not sit on
     * messages that an idle worker could run. Reconnects forever, so a broker restart is a pause;
     * with a pair the connection fails over to the backup (and back), retrying every 500 ms because
     * the backup is live within about two seconds.
     */
    public static ConnectionFactory forConsuming(WorkerConfig config) {
        return factory(config, consumingUrl(config.brokerUrl()));
    }

    /** For the dispatcher: fails fast when the broker is away; the next round tries again. */
    public static ConnectionFactory forPublishing(WorkerConfig config) {
        return factory(config, publishingUrl(config.brokerUrl()));
    }

    static String consumingUrl(String brokerUrl) {
        return BrokerUrl.with(brokerUrl, "consumerWindowSize=0&reconnectAttempts=-1" + (BrokerUrl.isPair(brokerUrl)
                ? "&retryInterval=500&retryIntervalMultiplier=1&maxRetryInterval=500"
                : "&retryInterval=500&retryIntervalMultiplier=2&maxRetryInterval=5000"));
    }

    /**
     * No reconnection: a send that meets a dead broker fails, its job stays undispatched and the
     * next round connects again, to whichever broker of a pair is live then.
     */
    static String publishingUrl(String brokerUrl) {
        return BrokerUrl.with(brokerUrl, "reconnectAttempts=0&callTimeout=5000"
                + (BrokerUrl.isPair(brokerUrl) ? "&retryInterval=500" : ""));
    }

    private static ConnectionFactory factory(WorkerConfig config, String url) {
        return new ActiveMQConnectionFactory(url, config.brokerUser(), config.brokerPassword());
    }
}
