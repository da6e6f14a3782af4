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
 * The preview connections this API server holds open. Their bodies and tunnels run on threads of
 * their own, and their bounds keep a hostile sandbox server from starving anyone: at most
 * {@link #MAX_OPEN} at once and {@link #MAX_PER_TOKEN} per port; at most {@link #MAX_HANDSHAKING}
 * request threads wait for a sandbox's answer at once, each for at most a deadline
 * ({@link #closeAfter}); more get a 503. A port that is closed, or whose sandbox stops or is
 * destroyed, has its connections cut: at once when closed through this server, within
 * {@link #SWEEP_SECONDS} otherwise.
 */
@ApplicationScoped
public class OpenPreviews {
    private static final Logger LOG = Logger.getLogger(OpenPreviews.class.getName());
    static final int MAX_OPEN = 256;
    static final int MAX_PER_TOKEN = 32;
    /** Of the API server's request threads (about 32), the most previews may hold at once. */
    static final int MAX_HANDSHAKING = 8;
    static final int SWEEP_SECONDS = 2;

    @Inject
    SandboxPorts ports;

    private final Semaphore slots = new Semaphore(MAX_OPEN);
    private final Semaphore handshaking = new Semaphore(MAX_HANDSHAKING);
    private final Map<String, Set<PreviewConnection>> byToken = new ConcurrentHashMap<>();
    private ExecutorService pipes;
    private ScheduledExecutorService sweeper;
    private ScheduledExecutorService watchdog;

    @PostConstruct
    void start() {
        AtomicInteger count = new AtomicInteger();
        pipes = Executors.newCachedThreadPool(r -> daemon(r, "preview-" + count.incrementAndGet()));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "preview-sweeper"));
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "preview-watchdog"));
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
        watchdog.shutdownNow();
        byToken.values().forEach(set -> set.forEach(PreviewConnection::close));
        pipes.shutdownNow();
    }

    /** A request thread may wait for a sandbox's answer: false when too many already do. */
    boolean enterHandshake() {
        return handshaking.tryAcquire();
    }

    void leaveHandshake() {
        handshaking.release();
    }

    /** Closes {@code connection} after {@code millis} unless the returned future is cancelled first. */
    java.util.concurrent.ScheduledFuture<?> closeAfter(PreviewConnection connection, long millis) {
        return watchdog.schedule(connection::close, millis, TimeUnit.MILLISECONDS);
    }

    /** Dials a relay for {@code token}, if this server may hold one more connection, and one more for that port (else null). */
    PreviewConnection open(String token, String relayAddress) throws IOException {
        Set<PreviewConnection> ofToken = byToken.get(token);
        if ((ofToken != null && ofToken.size() >= MAX_PER_TOKEN) || !slots.tryAcquire()) {
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
