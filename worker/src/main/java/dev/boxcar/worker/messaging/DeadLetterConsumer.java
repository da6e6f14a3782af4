package dev.boxcar.worker.messaging;

import dev.boxcar.core.job.JobMessage;
import dev.boxcar.worker.persistence.JobRepository;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends as {@code error} the jobs whose message the broker dead-lettered after its maximum number
 * of delivery attempts (an address setting of the broker), so no job waits forever.
 */
public final class DeadLetterConsumer implements Runnable {
    /** The broker's dead-letter address for {@link JobMessage#QUEUE} (see the broker set-up). */
    public static final String QUEUE = "boxcar.jobs.dead";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterConsumer.class);

    private final ConnectionFactory factory;
    private final JobRepository jobs;
    private volatile boolean running = true;

    public DeadLetterConsumer(ConnectionFactory factory, JobRepository jobs) {
        this.factory = factory;
        this.jobs = jobs;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try (JMSContext context = factory.createContext(JMSContext.SESSION_TRANSACTED)) {
                JMSConsumer consumer = context.createConsumer(context.createQueue(QUEUE));
                while (running) {
                    Message message = consumer.receive(1000);
                    if (message != null) {
                        failJob(message);
                        context.commit();
                    }
                }
            } catch (JMSRuntimeException e) {
                LOG.warn("dead-letter consumer lost the broker ({}); retrying", e.getMessage());
                pause();
            }
        }
    }

    private void failJob(Message message) {
        try {
            UUID jobId = UUID.fromString(JobMessage.fromJson(message.getBody(String.class)).jobId());
            if (jobs.fail(jobId, "dead_lettered", "no worker could run this job after repeated delivery attempts "
                    + "(the broker dead-lettered it); see the worker logs for the cause, then submit it again")) {
                LOG.warn("job {} was dead-lettered and ended as error", jobId);
            }
        } catch (Exception e) {
            LOG.error("dropping a malformed dead-lettered message: {}", e.getMessage());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
