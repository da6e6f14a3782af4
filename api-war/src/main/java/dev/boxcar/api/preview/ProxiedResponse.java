package dev.boxcar.api.preview;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** The sandbox's response as the client gets it: its status and fields, then its body as it comes. */
final class ProxiedResponse {
    /**
     * Hop-by-hop fields, and fields that would reach past the preview to the API's whole origin
     * (a service worker for '/', clearing the dashboard's storage, another protocol for the host).
     */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "te", "trailer", "transfer-encoding", "content-length", "service-worker-allowed",
            "clear-site-data", "alt-svc");

    private ProxiedResponse() {
    }

    static void writeHead(HttpServletResponse response, HttpHead head) {
        response.setStatus(head.status());
        Set<String> dropped = new HashSet<>(NOT_FORWARDED);
        head.fields().stream().filter(f -> f.name().equalsIgnoreCase("connection"))
                .forEach(f -> {
                    for (String listed : f.value().split(",")) {
                        dropped.add(listed.trim().toLowerCase(Locale.ROOT));
                    }
                });
        if (head.status() == 101) {
            // The upgrade's own fields; the container adds "Connection: Upgrade" itself.
            dropped.remove("upgrade");
        }
        for (HttpHead.Field field : head.fields()) {
            if (!dropped.contains(field.name().toLowerCase(Locale.ROOT))) {
                response.addHeader(field.name(), field.value());
            }
        }
        if (!head.lists("transfer-encoding", "chunked")) {
            contentLength(head).ifPresent(response::setContentLengthLong);
        }
    }

    /** RFC 9112 6.3: no body after HEAD, 1xx, 204 and 304. */
    static boolean hasBody(String method, HttpHead head) {
        int status = head.status();
        return !"HEAD".equalsIgnoreCase(method) && status >= 200 && status != 204 && status != 304;
    }

    /** The body's bytes, de-framed: chunked, a Content-Length, or up to the server's close. */
    static InputStream body(InputStream in, HttpHead head) throws IOException {
        if (head.lists("transfer-encoding", "chunked")) {
            return new ChunkedInput(in);
        }
        java.util.OptionalLong length = contentLength(head);
        return length.isPresent() ? new BoundedInput(in, length.getAsLong()) : in;
    }

    /** Copies as bytes arrive, flushing each read so a streamed response is not held back. */
    static void copy(InputStream body, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = body.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private static java.util.OptionalLong contentLength(HttpHead head) {
        try {
            return head.value("content-length").map(v -> java.util.OptionalLong.of(Long.parseLong(v.trim())))
                    .filter(l -> l.getAsLong() >= 0).orElse(java.util.OptionalLong.empty());
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** At most {@code length} bytes, then the end. */
    private static final class BoundedInput extends BodyInput {
        private final InputStream in;
        private long left;

        BoundedInput(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
