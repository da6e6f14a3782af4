package dev.boxcar.api.messaging;

import dev.boxcar.api.job.JobStore;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Records, off the request path, which jobs' messages the broker has stored: one UPDATE for all
 * confirmations that arrived together. A mark that is lost (crash) only makes the dispatcher send
 * that job once more, which the workers' conditional claim turns into a no-op.
 */
@ApplicationScoped
public class DispatchMarks {
    private static final int MAX_BATCH = 1000;

    @Inject
    JobStore store;
    @Resource
    ManagedThreadFactory threads;

    private final QueueThread<UUID> confirmed = new QueueThread<>("boxcar-dispatch-marks", Integer.MAX_VALUE, MAX_BATCH,
            batch -> store.markDispatched(batch));

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        confirmed.start(threads);
    }

    void confirmed(UUID jobId) {
        confirmed.offer(jobId);
    }

    @PreDestroy
    void stop() {
        confirmed.stop();
    }
}
