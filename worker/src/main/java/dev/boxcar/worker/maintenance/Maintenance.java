package dev.boxcar.worker.maintenance;

import dev.boxcar.worker.container.ContainerManager;
import dev.boxcar.worker.messaging.JobPublisher;
import dev.boxcar.worker.persistence.Database;
import dev.boxcar.worker.persistence.JobRepository;
import dev.boxcar.worker.persistence.SandboxRepository;
import dev.boxcar.worker.persistence.WorkerRegistry;
import jakarta.jms.JMSRuntimeException;
import dev.boxcar.worker.metrics.WorkerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic duties that make delivery guarantees hold: the heartbeat, the sweeper that ends
 * jobs of dead workers and restarts their sandboxes' lines, the dispatcher that (re)sends jobs
 * whose message never reached the broker, the cancel watcher, and the idle reaper. Every worker runs them; row locks with
 * {@code SKIP LOCKED} and conditional updates keep them from stepping on each other.
 */
public final class Maintenance implements AutoCloseable {
    public static final int HEARTBEAT_SECONDS = 2;
    public static final int HEARTBEAT_TIMEOUT_SECONDS = 15;
    /** A queued job younger than this may still be on its way from the API to the broker. */
    private static final int UNDISPATCHED_GRACE_SECONDS = 3;
    private static final int STALE_HEAD_SECONDS = 60;
    /** An orphaned job's hand-over message that no worker acted on within this is sent again. */
    private static final int UNADOPTED_SECONDS = 10;
    /** A job under which this many workers died is not handed on again: it may be what kills them. */
    public static final int MAX_ATTEMPTS = 3;
    private static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    private final Database db;
    private final JobRepository jobs;
    private final WorkerRegistry registry;
    private final JobPublisher publisher;
    private final SandboxRepository sandboxes;
    private final ContainerManager containers;
    private final Runnable cancelWatcher;
    private final Runnable callbacks;
    private final Runnable processRefresher;
    private final Runnable liveOutput;
    private final Runnable retention;
    private final Runnable lostTrack;
    private final int purgeIntervalSeconds;
    private final HostLoss hostLoss;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maintenance");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledExecutorService fastTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cancel-watcher");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledExecutorService heartbeatTimer = daemon("heartbeat");
    private final ScheduledExecutorService callbackTimer = daemon("callbacks");

    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private final ScheduledExecutorService processTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "process-refresher");
        t.setDaemon(true);
        return t;
    });

    public Maintenance(Database db, JobRepository jobs, WorkerRegistry registry, JobPublisher publisher,
                       SandboxRepository sandboxes, ContainerManager containers, Runnable cancelWatcher,
                       Runnable callbacks, Runnable processRefresher, Runnable liveOutput, Runnable retention,
                       Runnable lostTrack, int purgeIntervalSeconds, int hostLostSeconds) {
        this.hostLoss = new HostLoss(db, containers, registry.hostId(), hostLostSeconds, this::othersHadTimeToBeat);
        this.lostTrack = lostTrack;
        this.retention = retention;
        this.purgeIntervalSeconds = purgeIntervalSeconds;
        this.db = db;
        this.jobs = jobs;
        this.registry = registry;
        this.publisher = publisher;
        this.sandboxes = sandboxes;
        this.containers = containers;
        this.cancelWatcher = cancelWatcher;
        this.callbacks = callbacks;
        this.processRefresher = processRefresher;
        this.liveOutput = liveOutput;
    }

    public void start() {
        // Threads of their own: a slow sweep must not delay the heartbeat (other workers would take
        // this one for lost), and a slow callback receiver must delay nothing but callbacks.
        heartbeatTimer.scheduleWithFixedDelay(guarded("heartbeat", registry::beat), 0, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(guarded("sweeper", this::sweepLostWorkers), 5, 5, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(guarded("dispatcher", this::dispatch), 1, 2, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(guarded("forget", registry::forgetExpired), 60, 600, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(guarded("idle-reaper", this::stopIdleSandboxes), 10, 10, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(guarded("lost-track", lostTrack), 30, 30, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(guarded("host-loss", hostLoss), 3, 5, TimeUnit.SECONDS);
        callbackTimer.scheduleWithFixedDelay(guarded("callbacks", callbacks), 1, 1, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(guarded("orphan-containers", this::removeOrphanedContainers), 20, 30, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(guarded("retention", retention), purgeIntervalSeconds, purgeIntervalSeconds,
                TimeUnit.SECONDS);
        // Its own thread: a cancellation must not wait behind a slow sweep.
        fastTimer.scheduleWithFixedDelay(guarded("cancel-watcher", cancelWatcher), 500, 500, TimeUnit.MILLISECONDS);
        fastTimer.scheduleWithFixedDelay(guarded("live-output", liveOutput), 1, 1, TimeUnit.SECONDS);
        // Process ends reach their records within 5 s (API.md): refreshed every 2 s.
        processTimer.scheduleWithFixedDelay(guarded("process-refresher", processRefresher), 2, 2, TimeUnit.SECONDS);
    }

    /** Throw-away containers (pooled or running a job) of workers that died are removed. */
    void removeOrphanedContainers() {
        if (!othersHadTimeToBeat()) {
            return;
        }
        java.util.Set<String> live = new java.util.HashSet<>(registry.liveWorkers(HEARTBEAT_TIMEOUT_SECONDS));
        live.add(registry.workerId());
        int removed = containers.removeOrphanedThrowaways(live);
        if (removed > 0) {
            LOG.warn("removed {} throw-away container(s) of dead workers", removed);
        }
    }

    /** Stops the containers of sandboxes idle past their idleTimeoutSeconds; files stay. */
    void stopIdleSandboxes() {
        db.inTransactionDo(em -> {
            for (UUID pk : sandboxes.lockIdle(em, 10)) {
                containers.stopSandbox(pk);
                sandboxes.markStopped(em, pk);
                LOG.info("stopped idle sandbox {}", pk);
            }
        });
    }

    /**
     * Jobs of workers whose heartbeat stopped go to other workers, which take them over where
     * their commands run (adoption: see {@link dev.boxcar.worker.execution.CommandRunner.Step}).
     * Right after this worker itself could not reach the database, nobody's heartbeat can be
     * trusted to be stale for real: the sweep waits until every live worker had time to beat.
     */
    void sweepLostWorkers() {
        if (!othersHadTimeToBeat()) {
            return;
        }
        // Sent after the commit, so that the adopter finds the job without a worker; a message
        // lost on the way is sent again by the dispatcher (lockUnadopted).
        List<UUID> orphans = jobs.orphanJobsOfLostWorkers(HEARTBEAT_TIMEOUT_SECONDS, MAX_ATTEMPTS, registry.workerId());
        publisher.sendAll(orphans);
        WorkerMetrics.redispatched("lost_worker", orphans.size());
        if (!orphans.isEmpty()) {
            LOG.warn("handed {} job(s) of lost workers to other workers", orphans.size());
        }
        List<UUID> sandboxes = jobs.failJobsOfLostWorkers(HEARTBEAT_TIMEOUT_SECONDS, MAX_ATTEMPTS, registry.workerId());
        if (sandboxes.isEmpty()) {
            return;
        }
        LOG.warn("ended {} job(s) that {} workers died under", sandboxes.size(), MAX_ATTEMPTS);
        db.inTransactionDo(em -> {
            List<UUID> heads = new ArrayList<>();
            sandboxes.stream().filter(pk -> pk != null).distinct()
                    .forEach(pk -> jobs.headOfSandbox(em, pk).ifPresent(heads::add));
            publisher.sendAll(heads);
            WorkerMetrics.redispatched("line_after_lost_worker", heads.size());
            jobs.markDispatched(em, heads);
        });
    }

    /**
     * Whether this worker's own heartbeats have been steady for a whole timeout (and a margin):
     * only then is another worker's stale heartbeat a sign of its death rather than of a database
     * that was away for everybody.
     */
    private boolean othersHadTimeToBeat() {
        return registry.steadyFor().compareTo(java.time.Duration.ofSeconds(HEARTBEAT_TIMEOUT_SECONDS + HEARTBEAT_SECONDS * 2)) >= 0;
    }

    void dispatch() {
        db.inTransactionDo(em -> {
            List<UUID> undispatched = jobs.lockUndispatched(em, UNDISPATCHED_GRACE_SECONDS, BATCH);
            List<UUID> staleHeads = jobs.lockStaleHeads(em, STALE_HEAD_SECONDS, BATCH);
            List<UUID> unadopted = jobs.lockUnadopted(em, UNADOPTED_SECONDS, BATCH);
            List<UUID> ids = new ArrayList<>(undispatched);
            ids.addAll(staleHeads);
            ids.addAll(unadopted);
            if (ids.isEmpty()) {
                return;
            }
            WorkerMetrics.redispatched("undispatched", undispatched.size());
            WorkerMetrics.redispatched("stale_line_head", staleHeads.size());
            WorkerMetrics.redispatched("unadopted", unadopted.size());
            publisher.sendAll(ids);
            jobs.markDispatched(em, ids);
            LOG.info("dispatched {} job(s) that had no delivery", ids.size());
        });
    }

    private static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (JMSRuntimeException e) {
                LOG.warn("{}: broker unavailable ({}); will retry", name, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("{} failed; will retry: {}", name, e.toString());
            }
        };
    }

    @Override
    public void close() {
        fastTimer.shutdownNow();
        processTimer.shutdownNow();
        timer.shutdownNow();
        callbackTimer.shutdownNow();
        heartbeatTimer.shutdownNow();
    }
}
