package dev.boxcar.worker.messaging;

import dev.boxcar.core.job.JobMessage;
import dev.boxcar.worker.execution.JobRunner;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles job messages: the message is committed (acknowledged) only after the job's outcome is
 * in PostgreSQL; a crash before that makes the broker redeliver, and the conditional claim turns
 * the duplicate into a no-op.
 */
public final class JobConsumer implements TransactedQueueLoop.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(JobConsumer.class);

    private final JobRunner runner;

    public JobConsumer(JobRunner runner) {
        this.runner = runner;
    }

    @Override
    public void handle(JMSContext context, Message message) {
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
            try {
                context.rollback();
            } catch (JMSRuntimeException rollbackFailed) {
                LOG.warn("rollback failed: {}", rollbackFailed.getMessage());
            }
            TransactedQueueLoop.pause(1000);
        }
    }
}
