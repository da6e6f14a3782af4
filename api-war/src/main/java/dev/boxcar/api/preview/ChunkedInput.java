package dev.boxcar.api.preview;

import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes an HTTP/1.1 chunked body as its chunks arrive, so a streamed response (server-sent
 * events, a log tail) reaches the client chunk by chunk. Chunk-size lines are bounded; trailers
 * are read and dropped.
 */
final class ChunkedInput extends BodyInput {
    private static final int MAX_LINE = 4096;
    private final InputStream in;
    private long left;
    private boolean done;

    ChunkedInput(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (done) {
            return -1;
        }
        if (left == 0) {
            left = nextChunkSize();
            if (left == 0) {
                while (!line().isEmpty()) {
                    // trailer fields: not passed on
                }
                done = true;
                return -1;
            }
        }
        int n = in.read(buffer, offset, (int) Math.min(length, left));
        if (n < 0) {
            throw new IOException("the server closed the connection inside a chunk");
        }
        left -= n;
        if (left == 0 && !line().isEmpty()) {
            throw new IOException("a chunk not followed by CRLF");
        }
        return n;
    }

    private long nextChunkSize() throws IOException {
        String line = line();
        int extension = line.indexOf(';');
        String hex = (extension >= 0 ? line.substring(0, extension) : line).trim();
        if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IOException("a malformed chunk size");
        }
        try {
            return Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("a malformed chunk size");
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection inside the chunked framing");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() == MAX_LINE) {
                throw new IOException("a chunk line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }
}
