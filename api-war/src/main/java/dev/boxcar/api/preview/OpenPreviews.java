package dev.boxcar.api.preview;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The preview connections this API server holds open. They have their own threads (not the
 * request threads the API needs) and their own bound: at most {@link #MAX_OPEN} at once, more
 * get a 503. A port that is closed, or whose sandbox stops or is destroyed, has its connections
 * cut: at once when closed through this server, within {@link #SWEEP_SECONDS} otherwise.
 */
@ApplicationScoped
public class OpenPreviews {
    private static final Logger LOG = Logger.getLogger(OpenPreviews.class.getName());
    static final int MAX_OPEN = 256;
    static final int SWEEP_SECONDS = 2;

    @Inject
    SandboxPorts ports;

    private final Semaphore slots = new Semaphore(MAX_OPEN);
    private final Map<String, Set<PreviewConnection>> byToken = new ConcurrentHashMap<>();
    private ExecutorService pipes;
    private ScheduledExecutorService sweeper;

    @PostConstruct
    void start() {
        AtomicInteger count = new AtomicInteger();
        pipes = Executors.newCachedThreadPool(r -> daemon(r, "preview-" + count.incrementAndGet()));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "preview-sweeper"));
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
        byToken.values().forEach(set -> set.forEach(PreviewConnection::close));
        pipes.shutdownNow();
    }

    /** Dials a relay for {@code token}, if this server may hold one more connection (else empty). */
    PreviewConnection open(String token, String relayAddress) throws IOException {
        if (!slots.tryAcquire()) {
            return null;
        }
        PreviewConnection[] self = new PreviewConnection[1];
        PreviewConnection connection = PreviewConnection.dial(token, relayAddress, () -> {
            if (self[0] != null) {
                Set<PreviewConnection> open = byToken.get(token);
                if (open != null) {
                    open.remove(self[0]);
                }
            }
            slots.release();
        });
        self[0] = connection;
        byToken.computeIfAbsent(token, t -> ConcurrentHashMap.newKeySet()).add(connection);
        return connection;
    }

    /** Runs a pipe on the preview threads. */
    void execute(Runnable pipe) {
        pipes.execute(pipe);
    }

    /** Cuts every connection of a closed port. */
    public void cut(String token) {
        Set<PreviewConnection> open = byToken.remove(token);
        if (open != null) {
            open.forEach(PreviewConnection::close);
        }
    }

    /** Cuts the connections of ports closed elsewhere (another API server, a stopped or destroyed sandbox). */
    void sweep() {
        try {
            byToken.entrySet().removeIf(e -> e.getValue().isEmpty());
            if (byToken.isEmpty()) {
                return;
            }
            Set<String> stillOpen = ports.stillOpen(Set.copyOf(byToken.keySet()));
            byToken.keySet().stream().filter(t -> !stillOpen.contains(t)).toList().forEach(this::cut);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "preview sweep failed: {0}", e.toString());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
