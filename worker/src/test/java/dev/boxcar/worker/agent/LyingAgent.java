package dev.boxcar.worker.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A hostile stand-in for the in-container agent on a real unix socket: it answers every request
 * with the bytes it was given, however long or malformed (the worker must not trust answers).
 */
public final class LyingAgent implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Path socket;
    private final Thread thread;

    public LyingAgent(Path folder, byte[] answer) throws IOException {
        socket = folder.resolve("agent.sock");
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(() -> serve(answer), "lying-agent");
        thread.setDaemon(true);
        thread.start();
    }

    public Path socket() {
        return socket;
    }

    private void serve(byte[] answer) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                client.read(ByteBuffer.allocate(64 * 1024));
                ByteBuffer out = ByteBuffer.wrap(answer);
                while (out.hasRemaining()) {
                    client.write(out);
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    // The client closed early (it refused the answer): serve the next one.
                    continue;
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
