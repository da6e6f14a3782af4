package dev.boxcar.api.messaging;

import dev.boxcar.api.job.JobAccepted;
import dev.boxcar.api.metrics.ApiMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;

/**
 * Dispatch after commit, in one place. Every job the API stores is announced ({@link JobAccepted})
 * and, once its transaction has committed, its id is queued here and sent to the broker by a
 * thread of its own: a request never waits for the broker. PostgreSQL is the outbox: a job whose
 * message did not reach the broker stays undispatched there, and the workers' dispatcher sends it
 * (after a few seconds), so while the broker is away the ids queued here are simply dropped.
 */
@ApplicationScoped
public class Outbox {
    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());
    /** Beyond this many ids waiting for the broker, new ones are left to the workers' dispatcher. */
    private static final int CAPACITY = 100_000;

    @Inject
    JobPublisher publisher;
    @Resource
    ManagedThreadFactory threads;
    @Inject
    ApiMetrics metrics;

    private final QueueThread<JobAccepted> pending = new QueueThread<>("boxcar-outbox", CAPACITY, 500, this::send);

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        pending.start(threads);
    }

    void accepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobAccepted job) {
        if (job.needsMessage()) {
            // A full queue means the broker is far behind: the dispatcher will send this one.
            pending.offer(job);
        }
    }

    private void send(List<JobAccepted> jobs) {
        for (int i = 0; i < jobs.size(); i++) {
            if (!publisher.publish(jobs.get(i).jobId(), jobs.get(i).host())) {
                int dropped = jobs.size() - i + pending.clear();
                LOG.warning(() -> "broker away: " + dropped + " job(s) left to the workers' dispatcher");
                metrics.dispatchLeftToWorkers(dropped);
                return;
            }
        }
    }

    @PreDestroy
    void stop() {
        pending.stop();
    }
}
