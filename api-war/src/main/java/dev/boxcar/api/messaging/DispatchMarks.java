package dev.boxcar.api.messaging;

import dev.boxcar.api.job.JobStore;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Records, off the request path, which jobs' messages the broker has stored: one UPDATE for all
 * confirmations that arrived together. A mark that is lost (crash) only makes the dispatcher send
 * that job once more, which the workers' conditional claim turns into a no-op.
 */
@ApplicationScoped
public class DispatchMarks {
    private static final Logger LOG = Logger.getLogger(DispatchMarks.class.getName());
    private static final int MAX_BATCH = 1000;

    @Inject
    JobStore store;
    @Resource
    ManagedThreadFactory threads;

    private final LinkedBlockingQueue<UUID> confirmed = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread thread;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        running = true;
        thread = threads.newThread(this::markForever);
        thread.setName("boxcar-dispatch-marks");
        thread.start();
    }

    void confirmed(UUID jobId) {
        confirmed.add(jobId);
    }

    private void markForever() {
        List<UUID> batch = new ArrayList<>();
        while (running) {
            try {
                UUID first = confirmed.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                confirmed.drainTo(batch, MAX_BATCH - 1);
                store.markDispatched(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warning(() -> "could not record dispatched jobs (the dispatcher may send them again): " + e.getMessage());
            } finally {
                batch.clear();
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
