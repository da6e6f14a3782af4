package dev.boxcar.worker.preview;

import dev.boxcar.core.preview.RelayHandshake;
import dev.boxcar.worker.agent.AgentClient;
import dev.boxcar.worker.agent.AgentException;
import dev.boxcar.worker.agent.PortClosedException;
import dev.boxcar.worker.container.ContainerManager;
import dev.boxcar.worker.persistence.PortRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts the API's preview connections (README "Ports") and relays each, byte for byte, to the
 * port inside a sandbox through that sandbox's agent ({@code port.connect}). No HTTP is parsed
 * here: what the sandbox sends is passed on untouched, and the API reads it with bounds. A worker
 * relays at most {@code maxRelays} connections at once and {@link #MAX_PER_TOKEN} per port; more
 * are answered 503. A hello must arrive whole within {@link #HELLO_DEADLINE_MS}, and at most
 * {@link #MAX_HELLOS} are awaited at once, so slow or silent dialers hold nothing. The API never
 * half-closes: its end of the connection ends the relay, whatever the sandbox's server does.
 */
public final class PortRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PortRelay.class);
    /** How long the API may take to send its whole hello line. */
    private static final long HELLO_DEADLINE_MS = 5_000;
    private static final int MAX_HELLOS = 16;
    private static final int MAX_PER_TOKEN = 32;
    /** How long the agent may take to dial the port and answer. */
    private static final Duration AGENT_DEADLINE = Duration.ofSeconds(10);
    private static final int BUFFER_BYTES = 16 * 1024;

    private final ServerSocket server;
    private final PortRepository ports;
    private final ContainerManager containers;
    private final AgentClient agent;
    private final Semaphore slots;
    private final Semaphore hellos = new Semaphore(MAX_HELLOS);
    private final java.util.Map<String, AtomicInteger> perToken = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService watchdog =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "relay-watchdog");
                t.setDaemon(true);
                return t;
            });
    private final ExecutorService threads;
    private final Thread acceptor;

    private PortRelay(ServerSocket server, PortRepository ports, ContainerManager containers, AgentClient agent,
                      int maxRelays) {
        this.server = server;
        this.ports = ports;
        this.containers = containers;
        this.agent = agent;
        this.slots = new Semaphore(maxRelays);
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "relay-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "relay-accept");
        this.acceptor.setDaemon(true);
    }

    /** Listens on {@code bind:port} (0: any free port) and starts accepting. */
    public static PortRelay start(String bind, int port, int maxRelays, PortRepository ports,
                                  ContainerManager containers, AgentClient agent) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(bind, port), 64);
        PortRelay relay = new PortRelay(server, ports, containers, agent, maxRelays);
        relay.acceptor.start();
        return relay;
    }

    /**
     * The host:port the API should dial: {@code advertise} when set, else the bound address, or
     * this host's name when bound to every address.
     */
    public String address(String advertise) throws IOException {
        String host = advertise;
        if (host == null) {
            InetAddress bound = server.getInetAddress();
            host = bound.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostName() : bound.getHostAddress();
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("preview relay: accept failed: {}", e.getMessage());
                }
                continue;
            }
            if (!hellos.tryAcquire()) {
                closeQuietly(socket);
                continue;
            }
            threads.execute(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        String token;
        try {
            token = readHello(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            return;
        } finally {
            hellos.release();
        }
        AtomicInteger ofToken = perToken.computeIfAbsent(token, t -> new AtomicInteger());
        if (ofToken.incrementAndGet() > MAX_PER_TOKEN || !slots.tryAcquire()) {
            ofToken.decrementAndGet();
            refuse(socket, 503, "this worker relays as many preview connections as it may");
            return;
        }
        try {
            relayTo(socket, token);
        } finally {
            slots.release();
            if (ofToken.decrementAndGet() == 0) {
                perToken.remove(token, ofToken);
            }
        }
    }

    /** The hello's token, read whole within the deadline (a dialer that trickles it is cut off). */
    private String readHello(Socket socket) throws IOException {
        var deadline = watchdog.schedule(() -> closeQuietly(socket), HELLO_DEADLINE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            socket.setTcpNoDelay(true);
            return RelayHandshake.readHello(socket.getInputStream()).token();
        } finally {
            deadline.cancel(false);
        }
    }

    private void relayTo(Socket socket, String token) {
        try (socket) {
            Optional<PortRepository.Target> target = ports.openAndTouch(token);
            if (target.isEmpty()) {
                answer(socket, 404, "no such preview URL");
                return;
            }
            Optional<Path> agentSocket = containers.agentSocketOfSandbox(target.get().sandboxPk());
            if (agentSocket.isEmpty()) {
                answer(socket, 503, "the sandbox's container is starting or stopping; try again");
                return;
            }
            try (SocketChannel pipe = agent.openPort(agentSocket.get(), target.get().port(), AGENT_DEADLINE)) {
                answer(socket, 200, null);
                relay(socket, pipe);
            } catch (PortClosedException e) {
                answer(socket, 502, e.getMessage());
            } catch (AgentException e) {
                answer(socket, 502, "the sandbox's agent did not relay the connection: " + e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("preview relay connection ended: {}", e.toString());
        }
    }

    /** Copies both ways; each side learns of the other's end through a half-close. */
    private void relay(Socket socket, SocketChannel pipe) throws IOException {
        Future<?> upstream = threads.submit(() -> {
            try {
                copy(socket.getInputStream(), pipe);
            } catch (IOException e) {
                // the API's side is gone
            } finally {
                // The API never half-closes: its end is the end of the preview connection.
                closeQuietly(pipe);
            }
        });
        try {
            copy(pipe, socket.getOutputStream());
            socket.shutdownOutput();
            upstream.get();
        } catch (IOException e) {
            upstream.cancel(true);
            throw e;
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }

    // Channels.newInputStream/newOutputStream would serialise a blocking read and a write on the
    // same channel (both take its blocking lock), so the copies use the channel directly.
    private static void copy(InputStream from, SocketChannel to) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        int n;
        while ((n = from.read(buffer)) >= 0) {
            ByteBuffer out = ByteBuffer.wrap(buffer, 0, n);
            while (out.hasRemaining()) {
                to.write(out);
            }
        }
    }

    private static void copy(SocketChannel from, OutputStream to) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        while (from.read(buffer) >= 0) {
            to.write(buffer.array(), 0, buffer.position());
            to.flush();
            buffer.clear();
        }
    }

    private static void refuse(Socket socket, int status, String detail) {
        try (socket) {
            answer(socket, status, detail);
        } catch (IOException e) {
            LOG.debug("preview relay: could not refuse a connection: {}", e.getMessage());
        }
    }

    private static void answer(Socket socket, int status, String detail) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(RelayHandshake.answer(status, detail));
        out.flush();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // the connection is over either way
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // stopping anyway
        }
        threads.shutdownNow();
        watchdog.shutdownNow();
    }
}
