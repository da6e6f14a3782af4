package dev.boxcar.worker.container;

import dev.boxcar.core.sandbox.SandboxConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throw-away containers for exec jobs without a sandbox. Two ways keep {@code docker start} off a
 * job's path:
 * <ul>
 * <li>pre-started containers with the default limits, owned by no tenant until a job takes one;</li>
 * <li>containers that served a job that asked for reuse and were reset by their agent (README
 *     "Reusing throw-away containers"): each waits, for a while, for the next such job of the same
 *     tenant and batch with the same limits. It never passes to another tenant or batch, nor to a
 *     job that did not ask, and serves at most {@code jobsPerContainer}.</li>
 * </ul>
 * A container whose reset fails, or finds anything left, is removed, as is every container when
 * reuse is off ({@code jobsPerContainer} 1).
 */
public final class ThrowawayPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ThrowawayPool.class);
    /** The limits a pre-started container has: the defaults of API.md. */
    public static final ContainerLimits POOLED = ContainerLimits.of(SandboxConfig.defaults());

    /** A container taken for a job; {@code jobsBefore} 0: it is fresh, its cgroup's counters are the job's alone. */
    public record Taken(RunningContainer container, int jobsBefore) {
        public boolean fresh() {
            return jobsBefore == 0;
        }
    }

    /**
     * Who may share a container: one tenant's jobs with the same limits, and of one batch (null:
     * jobs submitted on their own). A batch is one grader's submission at once; a container does not
     * carry what one batch's jobs could leave in its counters over to the tenant's next batch.
     */
    private record Key(String tenant, UUID batchId, ContainerLimits limits) {
    }

    private record Idle(RunningContainer container, int jobsServed, long idleSinceNanos) {
    }

    private final ContainerManager containers;
    private final int size;
    private final int jobsPerContainer;
    private final long idleNanos;
    private final int maxIdle;
    private final LinkedBlockingQueue<RunningContainer> ready = new LinkedBlockingQueue<>();
    private final AtomicInteger starting = new AtomicInteger();
    /** Reset containers by tenant and limits, the most recently used last; guarded by itself. */
    private final Map<Key, Deque<Idle>> idle = new HashMap<>();
    private final ExecutorService filler = Executors.newSingleThreadExecutor(r -> daemon(r, "pool-filler"));
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "pool-reaper"));
    private volatile boolean closed;

    /**
     * {@code size} pre-started containers; a reset one serves up to {@code jobsPerContainer} jobs
     * and waits {@code idleSeconds} for the next; at most {@code maxIdle} wait at once.
     */
    public ThrowawayPool(ContainerManager containers, int size, int jobsPerContainer, int idleSeconds, int maxIdle) {
        this.containers = containers;
        this.size = size;
        this.jobsPerContainer = jobsPerContainer;
        this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        this.maxIdle = maxIdle;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public void start() {
        refill();
        long period = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(idleNanos) / 3);
        reaper.scheduleWithFixedDelay(this::removeLongIdle, period, period, TimeUnit.SECONDS);
    }

    /**
     * A container for a job of {@code tenant} (and {@code batchId}, null for none) with these
     * limits: one of the reset containers of that tenant and batch when the job allows it
     * ({@code mayReuse}), else a pre-started one, else null (the caller starts one).
     */
    public Taken take(String tenant, UUID batchId, ContainerLimits limits, boolean mayReuse) {
        synchronized (idle) {
            Deque<Idle> waiting = mayReuse ? idle.get(new Key(tenant, batchId, limits)) : null;
            Idle reused = waiting == null ? null : waiting.pollLast();
            if (reused != null) {
                return new Taken(reused.container(), reused.jobsServed());
            }
        }
        if (!POOLED.equals(limits)) {
            return null;
        }
        RunningContainer container = ready.poll();
        refill();
        return container == null ? null : new Taken(container, 0);
    }

    /**
     * After a job: when it allowed reuse and its command ran to an answer ({@code reusable}), the
     * container's agent resets it and it waits for the tenant's next such job; in every other case
     * it is removed.
     */
    public void release(String tenant, UUID batchId, ContainerLimits limits, Taken taken, boolean reusable) {
        RunningContainer container = taken.container();
        int served = taken.jobsBefore() + 1;
        if (closed || !reusable || served >= jobsPerContainer || !containers.resetForReuse(container)) {
            containers.remove(container);
            return;
        }
        RunningContainer unwanted = null;
        synchronized (idle) {
            if (closed) {
                // close() emptied the map while this container was being reset.
                unwanted = container;
            } else {
                if (countIdle() >= maxIdle) {
                    unwanted = pollLongestIdle();
                }
                idle.computeIfAbsent(new Key(tenant, batchId, limits), k -> new ArrayDeque<>())
                        .addLast(new Idle(container, served, System.nanoTime()));
            }
        }
        if (unwanted != null) {
            containers.remove(unwanted);
        }
    }

    private int countIdle() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    private RunningContainer pollLongestIdle() {
        Deque<Idle> oldestQueue = null;
        for (Deque<Idle> queue : idle.values()) {
            if (!queue.isEmpty() && (oldestQueue == null
                    || queue.peekFirst().idleSinceNanos() < oldestQueue.peekFirst().idleSinceNanos())) {
                oldestQueue = queue;
            }
        }
        return oldestQueue == null ? null : oldestQueue.pollFirst().container();
    }

    private void removeLongIdle() {
        List<RunningContainer> expired = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (idle) {
            for (Iterator<Deque<Idle>> queues = idle.values().iterator(); queues.hasNext(); ) {
                Deque<Idle> queue = queues.next();
                while (!queue.isEmpty() && now - queue.peekFirst().idleSinceNanos() > idleNanos) {
                    expired.add(queue.pollFirst().container());
                }
                if (queue.isEmpty()) {
                    queues.remove();
                }
            }
        }
        for (RunningContainer container : expired) {
            try {
                containers.remove(container);
            } catch (RuntimeException e) {
                // A failing run must not end the schedule: the next one tries again with the rest.
                LOG.warn("could not remove an idle throw-away container: {}", e.getMessage());
            }
        }
    }

    private void refill() {
        while (!closed && ready.size() + starting.get() < size) {
            starting.incrementAndGet();
            filler.execute(() -> {
                try {
                    if (!closed) {
                        // Resettable: a job that asks for reuse may take one (the default image's
                        // writable places are the same either way).
                        ready.add(containers.startThrowaway(UUID.randomUUID(), POOLED, "pool", true));
                    }
                } catch (ContainerException | RuntimeException e) {
                    LOG.warn("could not pre-start a throw-away container: {}", e.getMessage());
                } finally {
                    starting.decrementAndGet();
                }
            });
        }
    }

    @Override
    public void close() {
        filler.shutdownNow();
        reaper.shutdownNow();
        try {
            // A start in flight ends (interrupted) before the ready queue is emptied below.
            filler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RunningContainer container;
        List<Idle> all = new ArrayList<>();
        synchronized (idle) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(i -> containers.remove(i.container()));
        while ((container = ready.poll()) != null) {
            containers.remove(container);
        }
    }
}
