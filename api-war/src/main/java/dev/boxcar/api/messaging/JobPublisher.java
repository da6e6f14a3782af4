package dev.boxcar.api.messaging;

import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.core.job.BrokerUrl;
import dev.boxcar.core.job.JobMessage;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Sends job ids to the workers' queue without waiting for the broker: sends are asynchronous
 * with a confirmation window, and only when the broker confirms it has stored a message is its
 * job recorded as dispatched ({@link DispatchMarks}). A message the broker never confirms leaves
 * its job undispatched, and the workers' dispatcher sends it again, so no submission waits for a
 * broker round trip and none is lost. It fails fast when the broker is away and reconnects on
 * the next send (to the live broker of a primary/backup pair).
 */
@ApplicationScoped
public class JobPublisher {
    private static final Logger LOG = Logger.getLogger(JobPublisher.class.getName());

    @Inject
    ApiConfig config;
    @Inject
    DispatchMarks marks;

    private ActiveMQConnectionFactory factory;
    private volatile JMSContext connection;
    /**
     * Set by the connection's exception listener when the broker drops it. Sessions idle in
     * {@link #idleSenders} cannot tell by themselves, and with most submissions riding on a busy
     * line no send may come to fail for a while: readiness must not report a dead broker as up.
     */
    private volatile boolean connectionLost;
    /** Sessions are single-threaded: each send borrows one (with its producer) and returns it. */
    private final ConcurrentLinkedQueue<Sender> idleSenders = new ConcurrentLinkedQueue<>();

    private record Sender(JMSContext session, JMSProducer producer, Queue queue) {
    }

    @PostConstruct
    void init() {
        factory = new ActiveMQConnectionFactory(url(config.brokerUrl()), config.brokerUser(), config.brokerPassword());
    }

    /**
     * Fails fast, never reconnects under a send: a send that meets a dead broker fails, its job is
     * left to the dispatcher, and the next send connects again. With a primary/backup pair the
     * factory is an HA one ({@code ha=true}, both brokers listed): that next connection goes to
     * whichever broker is live, a failover costs no submission a wait, and a message the dead
     * broker never confirmed is sent again by the dispatcher.
     */
    static String url(String brokerUrl) {
        return BrokerUrl.with(brokerUrl, "reconnectAttempts=0&initialConnectAttempts=1&callTimeout=3000&connectionTTL=15000"
                // Confirmations make the completion listener mean "stored by the broker".
                + "&confirmationWindowSize=1048576"
                // The connection attempts of a pair, when the first broker listed refuses, are 500 ms apart.
                + (BrokerUrl.isPair(brokerUrl) ? "&retryInterval=500" : ""));
    }

    /** True when the message is on its way; false (logged) when the broker is away and it must be sent later. */
    public boolean publish(UUID jobId, String host) {
        Sender sender = null;
        try {
            sender = borrow();
            JMSProducer producer = sender.producer().clearProperties().setJMSCorrelationID(jobId.toString());
            if (host != null) {
                producer.setProperty(JobMessage.HOST_PROPERTY, host).setTimeToLive(JobMessage.HOST_MESSAGE_TTL_MILLIS);
            } else {
                producer.setTimeToLive(0);
            }
            producer.send(sender.queue(), JobMessage.of(jobId).toJson());
            idleSenders.offer(sender);
            return true;
        } catch (JMSRuntimeException e) {
            LOG.warning(() -> "broker unavailable, job " + jobId + " will be dispatched later: " + e.getMessage());
            if (sender != null) {
                closeQuietly(sender.session());
            }
            reset();
            return false;
        }
    }

    /** For readiness: is there a session to the broker right now? */
    public boolean brokerReachable() {
        try {
            idleSenders.offer(borrow());
            return true;
        } catch (JMSRuntimeException e) {
            reset();
            return false;
        }
    }

    private void dropIfLost() {
        if (connectionLost) {
            reset();
        }
    }

    private Sender borrow() {
        dropIfLost();
        Sender sender = idleSenders.poll();
        if (sender != null) {
            return sender;
        }
        JMSContext session = connection().createContext(JMSContext.AUTO_ACKNOWLEDGE);
        try {
            JMSProducer producer = session.createProducer()
                    .setDeliveryMode(DeliveryMode.PERSISTENT)
                    .setAsync(new Confirmations());
            return new Sender(session, producer, session.createQueue(JobMessage.QUEUE));
        } catch (JMSRuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private JMSContext connection() {
        JMSContext current = connection;
        if (current == null) {
            synchronized (this) {
                current = connection;
                if (current == null) {
                    current = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
                    JMSContext created = current;
                    current.setExceptionListener(failure -> {
                        if (connection == created) {
                            connectionLost = true;
                        }
                    });
                    connectionLost = false;
                    connection = current;
                }
            }
        }
        return current;
    }

    private synchronized void reset() {
        Sender sender;
        while ((sender = idleSenders.poll()) != null) {
            closeQuietly(sender.session());
        }
        closeQuietly(connection);
        connection = null;
    }

    private static void closeQuietly(JMSContext context) {
        if (context != null) {
            try {
                context.close();
            } catch (JMSRuntimeException ignored) {
                // already broken
            }
        }
    }

    /** The broker's answers to asynchronous sends. */
    private final class Confirmations implements CompletionListener {
        @Override
        public void onCompletion(Message message) {
            try {
                marks.confirmed(UUID.fromString(message.getJMSCorrelationID()));
            } catch (JMSException | IllegalArgumentException e) {
                LOG.warning(() -> "confirmation without a job id: " + e.getMessage());
            }
        }

        @Override
        public void onException(Message message, Exception exception) {
            // Not marked dispatched: the workers' dispatcher sends the job again.
            LOG.warning(() -> "the broker did not store a job message (it will be sent again): " + exception.getMessage());
        }
    }

    @PreDestroy
    void close() {
        reset();
        factory.close();
    }
}
