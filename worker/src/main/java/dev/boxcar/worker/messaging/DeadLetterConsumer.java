package dev.boxcar.worker.messaging;

import dev.boxcar.core.job.JobMessage;
import dev.boxcar.worker.persistence.JobRepository;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends as {@code error} the jobs whose message the broker dead-lettered after its maximum number
 * of delivery attempts (an address setting of the broker), so no job waits forever; only those no
 * worker holds (queued, or waiting for an adopter).
 */
public final class DeadLetterConsumer implements TransactedQueueLoop.Handler {
    /** The broker's dead-letter address for {@link JobMessage#QUEUE} (see the broker set-up). */
    public static final String QUEUE = "boxcar.jobs.dead";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterConsumer.class);

    private final JobRepository jobs;

    public DeadLetterConsumer(JobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public void handle(JMSContext context, Message message) {
        try {
            UUID jobId = UUID.fromString(JobMessage.fromJson(message.getBody(String.class)).jobId());
            // Only a job no worker holds: a running one's worker (or the sweeper, when that worker
            // died) ends it; its message may have died with the workers it was delivered to.
            if (jobs.failUnclaimed(jobId, "dead_lettered", "no worker could run this job after repeated delivery attempts "
                    + "(the broker dead-lettered it); see the worker logs for the cause, then submit it again")) {
                LOG.warn("job {} was dead-lettered and ended as error", jobId);
            }
        } catch (Exception e) {
            LOG.error("dropping a malformed dead-lettered message: {}", e.getMessage());
        }
        context.commit();
    }
}
