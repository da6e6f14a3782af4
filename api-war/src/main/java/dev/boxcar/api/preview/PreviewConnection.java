package dev.boxcar.api.preview;

import dev.boxcar.api.problem.ProblemException;
import dev.boxcar.api.problem.Problems;
import dev.boxcar.core.preview.RelayHandshake;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One preview connection through a worker's relay to a port inside a sandbox: after
 * {@link #dial} its streams are a byte pipe to that port. Closing it (once, from whichever side
 * ends first, or from {@link OpenPreviews#cut}) gives its slot back.
 */
final class PreviewConnection implements Closeable {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** The relay looks the token up and the agent dials the port: seconds at most. */
    private static final int HANDSHAKE_TIMEOUT_MS = 15_000;
    /** Bodies and tunnels that carry nothing this long are over (a client that left is noticed so). */
    private static final int IDLE_TIMEOUT_MS = 600_000;

    private final String token;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PreviewConnection(String token, Socket socket, Runnable onClose) throws IOException {
        this.token = token;
        this.socket = socket;
        // Buffered: the response head is read a byte at a time, and what follows stays here.
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
        this.onClose = onClose;
    }

    /**
     * Connects to the relay at {@code address} (host:port) and asks for the port behind
     * {@code token}; the relay's refusal becomes the client's problem (404, 502, 503).
     */
    static PreviewConnection dial(String token, String address, Runnable onClose) throws IOException {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(address.substring(colon + 1));
        Socket socket = new Socket();
        PreviewConnection connection = null;
        try {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            connection = new PreviewConnection(token, socket, onClose);
            connection.out.write(RelayHandshake.hello(token));
            connection.out.flush();
            RelayHandshake.Answer answer = RelayHandshake.readAnswer(connection.in);
            if (!answer.connected()) {
                throw refusal(answer);
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            if (connection != null) {
                connection.close();
            } else {
                socket.close();
                onClose.run();
            }
            throw e;
        }
    }

    private static ProblemException refusal(RelayHandshake.Answer answer) {
        String detail = answer.detail() == null ? "the preview could not be connected" : answer.detail();
        return switch (answer.status()) {
            case 404 -> Problems.notFound("preview URL");
            case 502 -> Problems.badGateway(detail);
            default -> Problems.unavailable(detail).retryAfter(1);
        };
    }

    String token() {
        return token;
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    /** From now on a read waits up to the idle timeout (a stream may be quiet, not for ever). */
    void streaming() throws IOException {
        socket.setSoTimeout(IDLE_TIMEOUT_MS);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is the point
            } finally {
                onClose.run();
            }
        }
    }
}
