package dev.boxcar.worker.messaging;

import dev.boxcar.core.job.JobMessage;
import dev.boxcar.worker.execution.JobRunner;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consuming thread: a plain loop over a transacted {@link JMSContext}. The message is
 * committed (acknowledged) only after the job's outcome is in PostgreSQL; a crash before that
 * makes the broker redeliver, and the conditional claim turns the duplicate into a no-op.
 */
public final class JobConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(JobConsumer.class);

    private final ConnectionFactory factory;
    private final JobRunner runner;
    private volatile boolean running = true;

    public JobConsumer(ConnectionFactory factory, JobRunner runner) {
        this.factory = factory;
        this.runner = runner;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        long backoffMs = 500;
        while (running) {
            try (JMSContext context = factory.createContext(JMSContext.SESSION_TRANSACTED)) {
                JMSConsumer consumer = context.createConsumer(context.createQueue(JobMessage.QUEUE));
                backoffMs = 500;
                while (running) {
                    Message message = consumer.receive(1000);
                    if (message != null) {
                        process(context, message);
                    }
                }
            } catch (JMSRuntimeException e) {
                LOG.warn("broker connection lost ({}); retrying in {} ms", e.getMessage(), backoffMs);
                pause(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5000);
            }
        }
    }

    private void process(JMSContext context, Message message) {
        UUID jobId;
        try {
            jobId = UUID.fromString(JobMessage.fromJson(message.getBody(String.class)).jobId());
        } catch (JMSException | RuntimeException e) {
            LOG.error("dropping a malformed job message: {}", e.getMessage());
            context.commit();
            return;
        }
        try {
            runner.handle(jobId);
            context.commit();
        } catch (RuntimeException e) {
            // Nothing was persisted for this delivery; let the broker redeliver (or dead-letter) it.
            LOG.error("job {} could not be handled; it will be redelivered: {}", jobId, e.toString());
            rollbackQuietly(context);
            pause(1000);
        }
    }

    private static void rollbackQuietly(JMSContext context) {
        try {
            context.rollback();
        } catch (JMSRuntimeException e) {
            LOG.warn("rollback failed: {}", e.getMessage());
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
