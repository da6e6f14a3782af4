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
     * messages that an idle worker could run. With one broker the connection reconnects forever,
     * so a broker restart is a pause. With a pair it does not reconnect by itself: a client that
     * fails over follows the pair's topology, and after both brokers died and came back it kept
     * retrying the passive backup while the primary was live (the workers then received nothing).
     * The consuming loop makes a new connection instead, through the URL's list, to whichever
     * broker is live.
     */
    public static ConnectionFactory forConsuming(WorkerConfig config) {
        return factory(config, consumingUrl(config.brokerUrl()));
    }

    /** For the dispatcher: fails fast when the broker is away; the next round tries again. */
    public static ConnectionFactory forPublishing(WorkerConfig config) {
        return factory(config, publishingUrl(config.brokerUrl()));
    }

    static String consumingUrl(String brokerUrl) {
        return BrokerUrl.with(brokerUrl, BrokerUrl.isPair(brokerUrl)
                ? "consumerWindowSize=0&reconnectAttempts=0&clientFailureCheckPeriod=5000&connectionTTL=15000"
                : "consumerWindowSize=0&reconnectAttempts=-1&retryInterval=500&retryIntervalMultiplier=2&maxRetryInterval=5000");
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
