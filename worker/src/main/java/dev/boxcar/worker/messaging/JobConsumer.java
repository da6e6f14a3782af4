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
 * <p>
 * Most messages of a busy sandbox are no-ops (their job runs when the worker draining that line
 * reaches it), so their acknowledgements are committed together, with the next job that runs or
 * when the queue is quiet: a broker commit (a journal sync) per no-op would cost more than the
 * no-op itself. Losing them in a crash only means harmless redeliveries.
 */
public final class JobConsumer implements TransactedQueueLoop.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(JobConsumer.class);
    private static final int MAX_PENDING_NO_OPS = 100;

    private final JobRunner runner;
    private final JobRoutes routes;
    /** Per consuming thread: each loop has its own consumer instance. */
    private int pendingNoOps;

    public JobConsumer(JobRunner runner, JobRoutes routes) {
        this.runner = runner;
        this.routes = routes;
    }

    @Override
    public void handle(JMSContext context, Message message) {
        UUID jobId;
        boolean redelivered;
        try {
            jobId = UUID.fromString(JobMessage.fromJson(message.getBody(String.class)).jobId());
            redelivered = message.getJMSRedelivered();
        } catch (JMSException | RuntimeException e) {
            LOG.error("dropping a malformed job message: {}", e.getMessage());
            context.commit();
            return;
        }
        try {
            JobRunner.Handled handled = runner.handle(jobId, redelivered);
            if (!handled.sendAgain().isEmpty()) {
                // Jobs that yielded their turn go to the back of the queue, and jobs of another
                // host's sandbox to that host, atomically with this ack.
                var queue = context.createQueue(JobMessage.QUEUE);
                var producer = context.createProducer();
                var hosts = routes.hostsOf(handled.sendAgain());
                handled.sendAgain().forEach(id -> JobRoutes.send(producer, queue, id, hosts.get(id)));
            }
            if (handled.ran() || !handled.sendAgain().isEmpty() || ++pendingNoOps >= MAX_PENDING_NO_OPS) {
                context.commit();
                pendingNoOps = 0;
            }
        } catch (RuntimeException e) {
            // Nothing was persisted for this delivery; let the broker redeliver (or dead-letter) it.
            LOG.error("job {} could not be handled; it will be redelivered: {}", jobId, e.toString());
            try {
                context.rollback();
            } catch (JMSRuntimeException rollbackFailed) {
                LOG.warn("rollback failed: {}", rollbackFailed.getMessage());
            }
            pendingNoOps = 0;
            TransactedQueueLoop.pause(1000);
        }
    }

    @Override
    public void idle(JMSContext context) {
        if (pendingNoOps > 0) {
            context.commit();
            pendingNoOps = 0;
        }
    }
}
