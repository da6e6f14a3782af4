package dev.boxcar.worker.messaging;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consuming thread: a plain loop over a transacted {@link JMSContext} (DESIGN.md), which
 * reconnects with backoff when the broker goes away. The handler commits or rolls back.
 */
public final class TransactedQueueLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactedQueueLoop.class);

    /**
     * Handles one message: commits (acknowledges) or rolls back (redelivers) the context, or
     * leaves the acknowledgement pending, to be committed with a later one or when the queue is
     * quiet ({@link #idle}).
     */
    public interface Handler {
        void handle(JMSContext context, Message message);

        /** No message came within the receive timeout. */
        default void idle(JMSContext context) {
        }
    }

    static final long RECEIVE_TIMEOUT_MS = 1000;

    private final ConnectionFactory factory;
    private final String queue;
    private final String selector;
    private final Handler handler;
    private volatile boolean running = true;

    public TransactedQueueLoop(ConnectionFactory factory, String queue, Handler handler) {
        this(factory, queue, null, handler);
    }

    /** {@code selector}: only the messages it matches (JMS message selector), null for all. */
    public TransactedQueueLoop(ConnectionFactory factory, String queue, String selector, Handler handler) {
        this.factory = factory;
        this.queue = queue;
        this.selector = selector;
        this.handler = handler;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        long backoffMs = 500;
        while (running) {
            try (JMSContext context = factory.createContext(JMSContext.SESSION_TRANSACTED)) {
                // A connection that failed and does not reconnect by itself (a broker pair): a new one.
                java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
                context.setExceptionListener(e -> failed.set(true));
                JMSConsumer consumer = context.createConsumer(context.createQueue(queue), selector);
                backoffMs = 500;
                while (running) {
                    if (failed.get()) {
                        throw new JMSRuntimeException("the broker connection failed");
                    }
                    Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
                    if (message != null) {
                        handler.handle(context, message);
                    } else {
                        handler.idle(context);
                    }
                }
            } catch (JMSRuntimeException e) {
                LOG.warn("{}: broker connection lost ({}); retrying in {} ms", queue, e.getMessage(), backoffMs);
                pause(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5000);
            }
        }
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
