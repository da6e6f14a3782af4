package dev.boxcar.core.preview;

import dev.boxcar.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * How the API opens a preview connection at a worker's relay (README "Ports"): the API sends one
 * JSON line naming the port by its token, the worker answers one JSON line with an HTTP status
 * (200: from now on the connection is a byte pipe to the port; 404, 502, 503: a problem with
 * {@code detail}). The worker looks the token up itself, so the relay grants nothing that the
 * preview URL does not.
 */
public final class RelayHandshake {
    /** Longer than any token or answer line; more is not a peer of ours. */
    public static final int MAX_LINE_BYTES = 4096;

    private RelayHandshake() {
    }

    public record Hello(String token) {
    }

    public record Answer(int status, String detail) {
        public boolean connected() {
            return status == 200;
        }
    }

    public static byte[] hello(String token) {
        return line(new Hello(token));
    }

    public static byte[] answer(int status, String detail) {
        return line(new Answer(status, detail));
    }

    public static Hello readHello(InputStream in) throws IOException {
        Hello hello = read(in, Hello.class);
        if (hello.token() == null || hello.token().isEmpty()) {
            throw new IOException("a relay hello without a token");
        }
        return hello;
    }

    public static Answer readAnswer(InputStream in) throws IOException {
        return read(in, Answer.class);
    }

    private static byte[] line(Object value) {
        return (Json.write(value) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** One line, read a byte at a time so nothing of the byte pipe behind it is consumed. */
    private static <T> T read(InputStream in, Class<T> type) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the relay connection closed before its line ended");
            }
            if (b == '\n') {
                break;
            }
            if (line.size() == MAX_LINE_BYTES) {
                throw new IOException("a relay line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
        try {
            return Json.read(line.toString(StandardCharsets.UTF_8), type);
        } catch (IllegalArgumentException e) {
            throw new IOException("a malformed relay line: " + e.getMessage(), e);
        }
    }
}
