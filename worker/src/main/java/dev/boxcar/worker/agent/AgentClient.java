package dev.boxcar.worker.agent;

import dev.boxcar.core.json.Json;
import dev.boxcar.worker.metrics.WorkerMetrics;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Talks to the agent inside a container over its unix socket (agent/README.md): one JSON request
 * line per connection, one JSON response line back. A watchdog closes the connection when the
 * agent does not answer in time (for example because its container died).
 *
 * <p>Answers are untrusted input (README "Security model", P3): an answer is read only up to a
 * bound that follows from what was asked (two capped output streams, or one file of at most
 * {@code maxFileReadBytes}), and an answer that is too long, malformed, or lacks what the
 * operation must return is an {@link AgentException} for that one call.
 */
public final class AgentClient {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-watchdog");
        t.setDaemon(true);
        return t;
    });
    /** Room for the JSON around the payload of an answer. */
    private static final int ENVELOPE_BYTES = 64 * 1024;
    /** The agent's {@code errorCode} when nothing listens on the port {@code port.connect} dialled. */
    private static final String PORT_CLOSED = "port_closed";
    /** The longest answer line {@code port.connect} may get (an error message at most). */
    private static final int ANSWER_LINE_BYTES = 8 * 1024;
    /** The agent keeps the newest 1 MiB of each background process stream. */
    private static final long PROCESS_LOG_BYTES = 1 << 20;

    private final long outputAnswerLimit;
    private final long fileAnswerLimit;
    private final long maxFileReadBytes;

    /**
     * {@code maxOutputBytes}: the cap of each exec output stream; {@code maxFileReadBytes}: the
     * largest file read through the agent.
     */
    public AgentClient(long maxOutputBytes, long maxFileReadBytes) {
        this.outputAnswerLimit = base64Length(2 * Math.max(maxOutputBytes, PROCESS_LOG_BYTES)) + ENVELOPE_BYTES;
        this.fileAnswerLimit = base64Length(maxFileReadBytes) + ENVELOPE_BYTES;
        this.maxFileReadBytes = maxFileReadBytes;
    }

    public long maxFileReadBytes() {
        return maxFileReadBytes;
    }

    public AgentResponse call(Path socket, AgentRequest request, Duration deadline) throws AgentException {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            AgentResponse response = exchange(socket, request, deadline);
            outcome = "ok";
            return response;
        } catch (RunLostException e) {
            outcome = "run_lost";
            throw e;
        } finally {
            WorkerMetrics.agentCall(request.op(), outcome, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private AgentResponse exchange(Path socket, AgentRequest request, Duration deadline) throws AgentException {
        byte[] body = (Json.write(request) + "\n").getBytes(StandardCharsets.UTF_8);
        long limit = "file.read".equals(request.op()) ? fileAnswerLimit : outputAnswerLimit;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> closeQuietly(channel), deadline.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                connect(channel, socket);
                writeFully(channel, body);
                channel.shutdownOutput();
                Answer answer = readAnswer(channel, limit);
                if (answer.length() == 0) {
                    throw new AgentException("the agent in the container stopped without answering (the container "
                            + "may have run out of memory or processes, or been stopped)");
                }
                AgentResponse response = "file.read".equals(request.op())
                        ? FileReadAnswer.parse(answer.bytes(), answer.length())
                        : Json.read(answer.bytes(), answer.length(), AgentResponse.class);
                if (!response.ok()) {
                    if (AgentResponse.RUN_LOST.equals(response.errorCode())) {
                        throw new RunLostException(String.valueOf(response.error()));
                    }
                    throw new AgentException(String.valueOf(response.error()), true);
                }
                if (!response.answers(request.op())) {
                    throw new AgentException("the agent's answer to " + request.op() + " lacks its result");
                }
                return response;
            } finally {
                watchdog.cancel(false);
            }
        } catch (IOException e) {
            throw new AgentException("cannot talk to the agent at " + socket + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // JSON-B may fail in more ways than JsonbException on input it does not expect.
            throw new AgentException("the agent sent a malformed answer: " + e.getMessage(), e);
        }
    }

    /**
     * A byte pipe to {@code port} inside the container (preview URLs, agent/README.md
     * {@code port.connect}): the agent dials the port in the container's own network namespace,
     * answers, and from then on relays bytes both ways. The channel is blocking and the caller's to
     * close; shutting down its output tells the port's server the request is complete.
     */
    public SocketChannel openPort(Path socket, int port, Duration deadline) throws AgentException {
        long started = System.nanoTime();
        String outcome = "error";
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            SocketChannel opened = channel;
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> closeQuietly(opened), deadline.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                writeFully(channel, ("{\"op\":\"port.connect\",\"portConnect\":{\"port\":" + port + "}}\n")
                        .getBytes(StandardCharsets.UTF_8));
                AgentResponse response = readAnswerLine(channel);
                if (!response.ok()) {
                    if (PORT_CLOSED.equals(response.errorCode())) {
                        outcome = "port_closed";
                        throw new PortClosedException(String.valueOf(response.error()));
                    }
                    throw new AgentException(String.valueOf(response.error()), true);
                }
            } finally {
                watchdog.cancel(false);
            }
            outcome = "ok";
            return channel;
        } catch (IOException e) {
            throw new AgentException("cannot talk to the agent at " + socket + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new AgentException("the agent sent a malformed answer: " + e.getMessage(), e);
        } finally {
            if (!"ok".equals(outcome) && channel != null) {
                closeQuietly(channel);
            }
            WorkerMetrics.agentCall("port.connect", outcome, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * The answer line of {@code port.connect}, read a byte at a time so that not one byte of the
     * relayed stream behind it is consumed; a line is short, so longer is a lie.
     */
    private static AgentResponse readAnswerLine(SocketChannel channel) throws IOException, AgentException {
        ByteBuffer one = ByteBuffer.allocate(1);
        byte[] line = new byte[ANSWER_LINE_BYTES];
        int length = 0;
        while (true) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new AgentException("the agent closed the connection without answering port.connect");
            }
            byte b = one.get(0);
            if (b == '\n') {
                return Json.read(line, length, AgentResponse.class);
            }
            if (length == line.length) {
                throw new AgentException("the agent's answer to port.connect is longer than " + ANSWER_LINE_BYTES + " bytes");
            }
            line[length++] = b;
        }
    }

    private static void connect(SocketChannel channel, Path socket) throws AgentUnreachableException {
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new AgentUnreachableException("no agent takes connections at " + socket + ": " + e.getMessage(), e);
        }
    }

    private static void writeFully(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            channel.write(out);
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

    private record Answer(byte[] bytes, int length) {
    }

    /** Reads to the end of the answer, refusing one longer than {@code limit} bytes. */
    private static Answer readAnswer(SocketChannel channel, long limit) throws IOException, AgentException {
        byte[] collected = new byte[16 * 1024];
        int length = 0;
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (channel.read(buffer) >= 0) {
            int n = buffer.position();
            if (length + (long) n > limit) {
                throw new AgentException("the agent's answer is longer than the " + limit + " bytes it may be");
            }
            if (length + n > collected.length) {
                collected = Arrays.copyOf(collected, (int) Math.min(limit, Math.max(2L * collected.length, length + n)));
            }
            System.arraycopy(buffer.array(), 0, collected, length, n);
            length += n;
            buffer.clear();
        }
        return new Answer(collected, length);
    }

    private static long base64Length(long bytes) {
        return (bytes + 2) / 3 * 4;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is the point; nothing more to do
        }
    }
}
