package dev.boxcar.worker.container;

import dev.boxcar.core.sandbox.SandboxConfig;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-started throw-away containers with the default limits, so a grading job does not pay a
 * container start on its critical path. Each container serves one job and is then removed; a
 * background thread starts its replacement. Jobs with other limits get a fresh container.
 */
public final class ThrowawayPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ThrowawayPool.class);
    /** The limits a pooled container has: the defaults of API.md. */
    public static final ContainerLimits POOLED = ContainerLimits.of(SandboxConfig.defaults());

    private final ContainerManager containers;
    private final int size;
    private final LinkedBlockingQueue<RunningContainer> ready = new LinkedBlockingQueue<>();
    private final AtomicInteger starting = new AtomicInteger();
    private final ExecutorService filler = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pool-filler");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    public ThrowawayPool(ContainerManager containers, int size) {
        this.containers = containers;
        this.size = size;
    }

    public void start() {
        refill();
    }

    /** A pre-started container for these limits, or null when none is ready (the caller starts one). */
    public RunningContainer take(ContainerLimits limits) {
        if (!POOLED.equals(limits)) {
            return null;
        }
        RunningContainer container = ready.poll();
        refill();
        return container;
    }

    private void refill() {
        while (!closed && ready.size() + starting.get() < size) {
            starting.incrementAndGet();
            filler.execute(() -> {
                try {
                    if (!closed) {
                        ready.add(containers.startThrowaway(UUID.randomUUID(), POOLED, "pool"));
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
        closed = true;
        filler.shutdownNow();
        RunningContainer container;
        while ((container = ready.poll()) != null) {
            containers.remove(container);
        }
    }
}
