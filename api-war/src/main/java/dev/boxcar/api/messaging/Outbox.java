package dev.boxcar.api.messaging;

import dev.boxcar.api.job.JobAccepted;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

    private final LinkedBlockingQueue<UUID> pending = new LinkedBlockingQueue<>(CAPACITY);
    private volatile boolean running;
    private Thread thread;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        running = true;
        thread = threads.newThread(this::sendForever);
        thread.setName("boxcar-outbox");
        thread.start();
    }

    void accepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobAccepted job) {
        // A full queue means the broker is far behind: the dispatcher will send this one.
        pending.offer(job.jobId());
    }

    private void sendForever() {
        while (running) {
            try {
                UUID next = pending.poll(1, TimeUnit.SECONDS);
                if (next != null && !publisher.publish(next)) {
                    int dropped = pending.size();
                    pending.clear();
                    LOG.warning(() -> "broker away: " + (dropped + 1) + " job(s) left to the workers' dispatcher");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warning(() -> "outbox send failed (the dispatcher sends it later): " + e);
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
