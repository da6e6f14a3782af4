package dev.boxcar.it.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A bare HTTP/1.1 client on a socket to loopback: the fuzz suite must send what well-behaved
 * clients refuse to (invalid UTF-8 in paths, odd header values, bodies that lie about their
 * type), so it writes the request bytes itself. One request per connection.
 */
final class RawHttp {
    private final String host;
    private final int port;

    RawHttp(String apiUrl) {
        URI uri = URI.create(apiUrl);
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 80 : uri.getPort();
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            throw new IllegalStateException("the fuzz suite sends only to loopback, not " + host);
        }
    }

    record Answer(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Answer send(FuzzRequest request, int readTimeoutMs) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(readTimeoutMs);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.write((request.method() + " ").getBytes(StandardCharsets.ISO_8859_1));
            head.write(request.target());
            head.write(" HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            head.write(("Host: " + host + ":" + port + "\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (String[] header : request.headers()) {
                head.write((header[0] + ": " + header[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            if (request.body() != null) {
                head.write(("Content-Length: " + request.body().length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            head.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            // Head and body in one write, as clients send a small request: written apart, a body that
            // the endpoint never reads (a GET's) could arrive after the server answered and closed,
            // and the kernel's reset to it then discards the answer before it is read (seen once in
            // CI: "Connection reset" for GET /api/v1/jobs with a body).
            if (request.body() != null) {
                head.write(request.body());
            }
            try {
                out.write(head.toByteArray());
                out.flush();
            } catch (IOException answeredEarly) {
                // A server may answer (a 400 for the path, a 413) and close before reading the body.
            }
            return read(socket.getInputStream(), request.method().equals("HEAD"));
        }
    }

    private static Answer read(InputStream in, boolean headOnly) throws IOException {
        byte[] all = in.readAllBytes();
        // Interim answers (100 Continue) come before the final one.
        while (all.length > 12 && new String(all, 0, 12, StandardCharsets.ISO_8859_1).matches("HTTP/1\\.[01] 1\\d\\d")) {
            int interimEnd = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (interimEnd < 0) {
                break;
            }
            all = java.util.Arrays.copyOfRange(all, interimEnd + 4, all.length);
        }
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException("no complete response head in " + all.length + " bytes");
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = null;
        boolean chunked = false;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        return new Answer(status, contentType, headOnly ? new byte[0] : chunked ? unchunk(body) : body);
    }

    private static byte[] unchunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int lineEnd = indexOf(java.util.Arrays.copyOfRange(body, i, body.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(body, i, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            i += lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(body, i, Math.min(size, body.length - i));
            i += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
