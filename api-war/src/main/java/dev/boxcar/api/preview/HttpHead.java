package dev.boxcar.api.preview;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The head of an HTTP/1.1 response a sandbox's server sent: status and header fields, read with
 * bounds (the server is untrusted: a head longer than {@link #MAX_HEAD_BYTES} or with more than
 * {@link #MAX_FIELDS} fields is refused, as is anything that is not HTTP/1.x).
 */
public record HttpHead(int status, List<Field> fields) {
    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_FIELDS = 100;
    /** Interim answers (100 Continue, 103 Early Hints) skipped at most; a server sending more is broken. */
    static final int MAX_INTERIM = 8;
    private static final java.util.regex.Pattern FIELD_NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public record Field(String name, String value) {
    }

    /**
     * Reads one head; interim 1xx answers other than 101 (100 Continue, 103 Early Hints) are
     * skipped. {@code in} must be buffered: it is read a byte at a time and what follows the head
     * stays in it.
     */
    public static HttpHead read(InputStream in) throws IOException {
        for (int interim = 0; interim <= MAX_INTERIM; interim++) {
            HttpHead head = readOne(in);
            if (head.status >= 200 || head.status == 101) {
                return head;
            }
        }
        throw new IOException("more than " + MAX_INTERIM + " interim (1xx) answers");
    }

    private static HttpHead readOne(InputStream in) throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        String statusLine = line(in, budget);
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line: " + printable(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("a status line without a status: " + printable(statusLine));
        }
        if (status < 100 || status > 599) {
            throw new IOException("status " + status + " is not an HTTP status");
        }
        List<Field> fields = new ArrayList<>();
        for (String line = line(in, budget); !line.isEmpty(); line = line(in, budget)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !FIELD_NAME.matcher(line.substring(0, colon)).matches()) {
                throw new IOException("a malformed header field: " + printable(line));
            }
            if (fields.size() == MAX_FIELDS) {
                throw new IOException("more than " + MAX_FIELDS + " header fields");
            }
            String value = line.substring(colon + 1).trim();
            if (value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                throw new IOException("a header field value with a CR or NUL: " + printable(line));
            }
            fields.add(new Field(line.substring(0, colon), value));
        }
        return new HttpHead(status, List.copyOf(fields));
    }

    /** One line without its CRLF (or bare LF), counted against the head's budget. */
    private static String line(InputStream in, int[] budget) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection inside the response head");
            }
            if (--budget[0] < 0) {
                throw new IOException("a response head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    private static String printable(String line) {
        String cut = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return new String(cut.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.US_ASCII);
    }

    /** The first value of a field, by case-insensitive name. */
    public Optional<String> value(String name) {
        return fields.stream().filter(f -> f.name.equalsIgnoreCase(name)).map(Field::value).findFirst();
    }

    /** True when {@code name} lists {@code token} (comma-separated, case-insensitive). */
    public boolean lists(String name, String token) {
        return fields.stream().filter(f -> f.name.equalsIgnoreCase(name))
                .flatMap(f -> List.of(f.value.split(",")).stream())
                .anyMatch(v -> v.trim().toLowerCase(Locale.ROOT).equals(token));
    }
}
