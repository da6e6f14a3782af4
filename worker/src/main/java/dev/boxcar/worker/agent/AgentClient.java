package dev.boxcar.worker.agent;

import dev.boxcar.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Talks to the agent inside a container over its unix socket (agent/README.md): one JSON request
 * line per connection, one JSON response line back. A watchdog closes the connection when the
 * agent does not answer in time (for example because its container died).
 */
public final class AgentClient {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-watchdog");
        t.setDaemon(true);
        return t;
    });

    public AgentResponse call(Path socket, AgentRequest request, Duration deadline) throws AgentException {
        byte[] body = (Json.write(request) + "\n").getBytes(StandardCharsets.UTF_8);
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> closeQuietly(channel), deadline.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                ByteBuffer out = ByteBuffer.wrap(body);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.shutdownOutput();
                String answer = readAll(channel);
                if (answer.isBlank()) {
                    throw new AgentException("the agent in the container stopped without answering (the container "
                            + "may have run out of memory or processes, or been stopped)");
                }
                AgentResponse response = Json.read(answer, AgentResponse.class);
                if (!response.ok()) {
                    throw new AgentException(response.error(), true);
                }
                return response;
            } finally {
                watchdog.cancel(false);
            }
        } catch (IOException e) {
            throw new AgentException("cannot talk to the agent at " + socket + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new AgentException("the agent sent a malformed answer: " + e.getMessage(), e);
        }
    }

    /** True when the agent answers a ping right now. */
    public boolean answers(Path socket) {
        try {
            call(socket, AgentRequest.ping(), Duration.ofSeconds(2));
            return true;
        } catch (AgentException e) {
            return false;
        }
    }

    private static String readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream collected = new ByteArrayOutputStream(8192);
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (channel.read(buffer) >= 0) {
            collected.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return collected.toString(StandardCharsets.UTF_8);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is the point; nothing more to do
        }
    }
}
