package dev.boxcar.worker.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker-java client over a real unix socket, against an engine stand-in that stops
 * answering the way a hung dockerd does: the call must end by its deadline, leave its thread
 * without an interrupt, and the next call on the same client must work.
 */
class DeadlineDockerHttpClientTest {
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final String PING_ANSWER = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nOK";

    private final List<SocketChannel> held = new ArrayList<>();
    private ServerSocketChannel server;
    private Thread acceptor;

    @AfterEach
    void stop() throws IOException {
        acceptor.interrupt();
        server.close();
        for (SocketChannel channel : held) {
            channel.close();
        }
    }

    /** Serves connection n (from 1) with the answer {@code script} gives, or holds it silent when that is null. */
    private DockerClient engine(Path dir, java.util.function.IntFunction<String> script) throws IOException {
        Path socket = dir.resolve("docker.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        AtomicInteger connections = new AtomicInteger();
        acceptor = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    SocketChannel channel = server.accept();
                    held.add(channel);
                    channel.read(ByteBuffer.allocate(8192));
                    String answer = script.apply(connections.incrementAndGet());
                    if (answer != null) {
                        channel.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.US_ASCII)));
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return DockerClients.connect("unix://" + socket, 4, DEADLINE);
    }

    @Test
    void aSilentEngineFailsTheCallAtItsDeadlineAndTheNextCallWorks(@TempDir Path dir) throws IOException {
        DockerClient docker = engine(dir, n -> n == 1 ? null : PING_ANSWER);
        long started = System.nanoTime();
        DockerException e = assertThrows(DockerException.class, () -> docker.pingCmd().exec());
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(504, e.getHttpStatus(), e.getMessage());
        assertTrue(e.getMessage().contains("did not answer GET /_ping within 1 s"), e.getMessage());
        assertTrue(tookMs >= 900 && tookMs < 10_000, "ended after " + tookMs + " ms");
        assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt was left on the thread");
        docker.pingCmd().exec();
    }

    @Test
    void anAnswerWhoseBodyStallsIsCutAtTheDeadlineToo(@TempDir Path dir) throws IOException {
        DockerClient docker = engine(dir, n -> "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nO");
        DockerException e = assertThrows(DockerException.class, () -> docker.pingCmd().exec());
        assertEquals(504, e.getHttpStatus(), e.getMessage());
        assertFalse(Thread.interrupted(), "the deadline's interrupt was left on the thread");
    }

    @Test
    void aCallThatEndsInTimeLeavesNoAlarmBehind(@TempDir Path dir) throws IOException, InterruptedException {
        DockerClient docker = engine(dir, n -> PING_ANSWER);
        docker.pingCmd().exec();
        // Past the deadline of that call: its alarm must have been called off, not interrupt this sleep.
        Thread.sleep(DEADLINE.toMillis() + 500);
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
