package dev.boxcar.api.messaging;

import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.core.job.JobMessage;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Sends job ids to the workers' queue over one broker connection with a pool of sessions
 * (sessions are single-threaded). It fails fast when the broker is away, never blocks a
 * submission for long, and reconnects on the next send; a job that could not be sent is picked
 * up by the workers' dispatcher.
 */
@ApplicationScoped
public class JobPublisher {
    private static final Logger LOG = Logger.getLogger(JobPublisher.class.getName());

    @Inject
    ApiConfig config;

    private ActiveMQConnectionFactory factory;
    private volatile JMSContext connection;
    private final ConcurrentLinkedQueue<JMSContext> idleSessions = new ConcurrentLinkedQueue<>();

    @PostConstruct
    void init() {
        String url = config.brokerUrl() + (config.brokerUrl().contains("?") ? "&" : "?")
                + "reconnectAttempts=0&initialConnectAttempts=1&callTimeout=3000&connectionTTL=15000";
        factory = new ActiveMQConnectionFactory(url, config.brokerUser(), config.brokerPassword());
    }

    /** True when the broker took the message; false (logged) when it must be sent later. */
    public boolean publish(UUID jobId) {
        JMSContext session = null;
        try {
            session = borrow();
            JMSProducer producer = session.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(session.createQueue(JobMessage.QUEUE), JobMessage.of(jobId).toJson());
            idleSessions.offer(session);
            return true;
        } catch (JMSRuntimeException e) {
            LOG.warning(() -> "broker unavailable, job " + jobId + " will be dispatched later: " + e.getMessage());
            closeQuietly(session);
            reset();
            return false;
        }
    }

    /** For readiness: can a session be had right now? */
    public boolean brokerReachable() {
        try {
            JMSContext session = borrow();
            idleSessions.offer(session);
            return true;
        } catch (JMSRuntimeException e) {
            reset();
            return false;
        }
    }

    private JMSContext borrow() {
        JMSContext session = idleSessions.poll();
        if (session != null) {
            return session;
        }
        return connection().createContext(JMSContext.AUTO_ACKNOWLEDGE);
    }

    private JMSContext connection() {
        JMSContext current = connection;
        if (current == null) {
            synchronized (this) {
                current = connection;
                if (current == null) {
                    current = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
                    connection = current;
                }
            }
        }
        return current;
    }

    private synchronized void reset() {
        JMSContext session;
        while ((session = idleSessions.poll()) != null) {
            closeQuietly(session);
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

    @PreDestroy
    void close() {
        reset();
        factory.close();
    }
}
