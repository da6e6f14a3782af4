package dev.boxcar.api.preview;

import dev.boxcar.api.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A client's request as the sandbox's server gets it: HTTP/1.1 to {@code localhost:<port>}, one
 * request per connection ({@code Connection: close}, or the upgrade), hop-by-hop fields dropped,
 * the public address in {@code X-Forwarded-*} (with {@code X-Forwarded-Prefix} for the path the
 * server is mounted at), and the body passed as it arrives.
 */
final class ForwardedRequest {
    /** RFC 9110 7.6.1 hop-by-hop fields, plus the ones this proxy sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto",
            "x-forwarded-prefix");

    private final HttpServletRequest request;
    private final String target;
    private final int port;
    private final String prefix;
    private final boolean upgrade;

    /** Methods whose requests carry no body unless they say so with a length. */
    private static final Set<String> BODYLESS = Set.of("GET", "HEAD", "OPTIONS", "DELETE", "TRACE");
    private static final java.util.regex.Pattern FIELD_NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /**
     * {@code target}: the path and query the server sees; {@code prefix}: where the URL mounts it.
     * A request this proxy could not pass on unambiguously (a header with a CR, LF or NUL, which
     * HTTP/2 lets through; an upgrade with a body) is a 400.
     */
    ForwardedRequest(HttpServletRequest request, String target, int port, String prefix) {
        this.request = request;
        this.target = target;
        this.port = port;
        this.prefix = prefix;
        this.upgrade = lists(request, "connection", "upgrade") && request.getHeader("Upgrade") != null;
        for (String name : Collections.list(request.getHeaderNames())) {
            if (!FIELD_NAME.matcher(name).matches()) {
                throw Problems.badRequest("a header name this proxy cannot pass on");
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                    throw Problems.badRequest("header " + name + " holds a CR, LF or NUL");
                }
            }
        }
        if (upgrade && (request.getContentLengthLong() > 0 || lists(request, "transfer-encoding", "chunked"))) {
            throw Problems.badRequest("an upgrade request carries no body");
        }
    }

    /** A protocol upgrade (a WebSocket handshake): the connection stays open after the 101. */
    boolean upgrade() {
        return upgrade;
    }

    void send(OutputStream out) throws IOException {
        long length = request.getContentLengthLong();
        // Without a length, a body is passed chunked (an HTTP/2 upload has no Transfer-Encoding).
        boolean chunked = !upgrade && length < 0 && !BODYLESS.contains(request.getMethod().toUpperCase(Locale.ROOT));
        out.write(head(length, chunked).getBytes(StandardCharsets.ISO_8859_1));
        InputStream body = request.getInputStream();
        if (length > 0) {
            copyExactly(body, out, length);
        } else if (chunked) {
            copyChunked(body, out);
        }
        out.flush();
    }

    private String head(long length, boolean chunked) {
        StringBuilder head = new StringBuilder(1024);
        head.append(request.getMethod()).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: localhost:").append(port).append("\r\n");
        Set<String> dropped = new HashSet<>(NOT_FORWARDED);
        for (String name : Collections.list(request.getHeaders("Connection"))) {
            for (String listed : name.split(",")) {
                dropped.add(listed.trim().toLowerCase(Locale.ROOT));
            }
        }
        if (upgrade) {
            dropped.remove("upgrade");
        }
        for (String name : Collections.list(request.getHeaderNames())) {
            if (!dropped.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    head.append(name).append(": ").append(value).append("\r\n");
                }
            }
        }
        String host = request.getHeader("Host");
        head.append("X-Forwarded-For: ").append(request.getRemoteAddr()).append("\r\n");
        if (host != null) {
            head.append("X-Forwarded-Host: ").append(host).append("\r\n");
        }
        head.append("X-Forwarded-Proto: ").append(request.getScheme()).append("\r\n");
        head.append("X-Forwarded-Prefix: ").append(prefix).append("\r\n");
        head.append("Connection: ").append(upgrade ? "Upgrade" : "close").append("\r\n");
        if (length >= 0 && !upgrade) {
            head.append("Content-Length: ").append(length).append("\r\n");
        } else if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static void copyExactly(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the client's body ended early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (n > 0) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(buffer, 0, n);
                out.write(CRLF);
            }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private static boolean lists(HttpServletRequest request, String name, String token) {
        for (String value : Collections.list(request.getHeaders(name))) {
            for (String listed : value.split(",")) {
                if (listed.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }
}
