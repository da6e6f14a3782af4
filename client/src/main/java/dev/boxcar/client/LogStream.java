package dev.boxcar.client;

import dev.boxcar.client.model.LogEvent;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A live output stream (Server-Sent Events) of a process or a running job: {@code stdout} and
 * {@code stderr} events as output arrives, then one {@code end} event, after which the server
 * closes the stream. Iterate it (blocking) and close it when done, also when stopping early:
 *
 * <pre>{@code
 * try (LogStream logs = client.processes().streamLogs("demo", "web")) {
 *     for (LogEvent event : logs) { ... }
 * }
 * }</pre>
 */
public final class LogStream implements Iterable<LogEvent>, AutoCloseable {
    private final InputStream body;
    private final SseParser parser = new SseParser();
    private LogEvent pending;
    private boolean finished;
    private boolean iterated;

    LogStream(InputStream body) {
        this.body = new java.io.BufferedInputStream(body);
    }

    /**
     * The events in the order the server sent them; the iterator blocks until the next event
     * arrives and ends with the stream. A stream can be iterated once.
     */
    @Override
    public Iterator<LogEvent> iterator() {
        if (iterated) {
            throw new IllegalStateException("a LogStream can be iterated once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (pending == null && !finished) {
                    pending = readEvent().orElse(null);
                    finished = pending == null;
                }
                return pending != null;
            }

            @Override
            public LogEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                LogEvent event = pending;
                pending = null;
                return event;
            }
        };
    }

    /** The events as a sequential stream; closing it closes this. */
    public Stream<LogEvent> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /** Closes the connection (the server notices and frees the stream's slot of the tenant's quota). */
    @Override
    public void close() {
        finished = true;
        try {
            body.close();
        } catch (IOException ignored) {
            // Closing what may already be broken: nothing left to do.
        }
    }

    private Optional<LogEvent> readEvent() {
        try {
            String line;
            while ((line = readLine()) != null) {
                Optional<SseParser.SseEvent> event = parser.accept(line);
                if (event.isPresent()) {
                    return Optional.of(toLogEvent(event.get()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            if (finished) {
                return Optional.empty();
            }
            throw new BoxcarConnectionException("the log stream broke off: " + e.getMessage(), e);
        }
    }

    /**
     * One line, split at '\n' only, its '\r' before it dropped: output carrying a lone '\r'
     * (progress bars) must not be cut into lines that look like SSE fields.
     */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = body.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    /**
     * The output an event carries: its data is one JSON string literal, which keeps blank lines,
     * final newlines and {@code \r} that plain SSE data lines lose. Data that is no JSON string
     * (a server from before that format) is taken as the text itself.
     */
    static String outputText(String data) {
        if (data.startsWith("\"")) {
            try (JsonParser parser = Json.createParser(new StringReader(data))) {
                if (parser.next() == JsonParser.Event.VALUE_STRING) {
                    String text = parser.getString();
                    if (!parser.hasNext()) {
                        return text;
                    }
                }
            } catch (JsonException | IllegalStateException | java.util.NoSuchElementException notAJsonString) {
                // Falls through to the raw data.
            }
        }
        return data;
    }

    /** Maps an SSE event to a {@link LogEvent}; the {@code end} event's JSON gives status and exit code. */
    static LogEvent toLogEvent(SseParser.SseEvent event) {
        if (!"end".equals(event.name())) {
            Long offset = null;
            if (event.id() != null) {
                try {
                    offset = Long.parseLong(event.id());
                } catch (NumberFormatException notAnOffset) {
                    offset = null;
                }
            }
            return new LogEvent(event.name(), offset, outputText(event.data()), null, null);
        }
        String status = null;
        Integer exitCode = null;
        try (JsonReader reader = Json.createReader(new StringReader(event.data()))) {
            JsonObject end = reader.readObject();
            if (end.get("status") instanceof JsonString s) {
                status = s.getString();
            }
            if (end.get("exitCode") instanceof JsonNumber n) {
                exitCode = n.intValue();
            }
        } catch (JsonException | IllegalStateException notJson) {
            // An end event without readable JSON still ends the stream; it just tells less.
        }
        return new LogEvent("end", null, event.data(), status, exitCode);
    }
}
