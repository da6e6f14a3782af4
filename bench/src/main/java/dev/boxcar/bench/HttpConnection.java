package dev.boxcar.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection, used by one thread: a request written in one piece, the
 * answer read by its Content-Length or chunks. The benchmark shares two cores with the stack it
 * measures, so its client must cost little: {@link java.net.HttpURLConnection} with its
 * keep-alive cache, header maps and URL parsing cost about a millisecond of CPU per request here.
 */
final class HttpConnection implements AutoCloseable {
    record Answer(int status, byte[] body) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Sends one request and reads its answer. A connection idle for a while is opened anew first
     * (the server closes idle ones after 60 s), so that a POST never meets a half-closed one; a GET
     * on a reused connection that failed is sent once more.
     */
    Answer exchange(String method, String target, String authorization, byte[] body) throws IOException {
        byte[] head = (method + " " + target + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: "
                + authorization + "\r\n" + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        if (socket != null && System.nanoTime() - lastUsed > IDLE_REOPEN_NANOS) {
            close();
        }
        boolean reused = socket != null;
        try {
            return once(head, body);
        } catch (IOException e) {
            close();
            if (reused && "GET".equals(method)) {
                return once(head, body);
            }
            throw e;
        } finally {
            lastUsed = System.nanoTime();
        }
    }

    private static final long IDLE_REOPEN_NANOS = 20_000_000_000L;
    private long lastUsed;

    private Answer once(byte[] head, byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(90_000);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
        if (body == null || body.length + head.length > 8 * 1024) {
            out.write(head);
            if (body != null) {
                out.write(body);
            }
        } else {
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            out.write(all);
        }
        out.flush();
        String statusLine = line();
        if (statusLine.isEmpty()) {
            throw new IOException("the server closed the connection");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String header;
        while (!(header = line()).isEmpty()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        byte[] answer = chunked ? chunks() : length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
        if (close || (!chunked && length < 0)) {
            close();
        }
        return new Answer(status, answer);
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers: none expected, skipped
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line();
        }
    }

    /** One header line without its CR LF; empty at the end of the head (or of the stream). */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
            socket = null;
        }
    }
}
