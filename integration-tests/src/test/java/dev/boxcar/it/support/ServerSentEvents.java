package dev.boxcar.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * Boxcar's Server-Sent Events read off the wire (the lines of {@link RawApi#streamLines}): events,
 * and the output a {@code stdout} / {@code stderr} event carries, which must be one data line
 * holding a JSON string.
 */
public final class ServerSentEvents implements Iterator<ServerSentEvents.Event> {
    /** One event: its name ({@code message} when none), id (null when none) and data lines. */
    public record Event(String name, String id, List<String> data) {
        public boolean isEnd() {
            return "end".equals(name);
        }

        /** The output of a {@code stdout} / {@code stderr} event: its one data line, a JSON string. */
        public String text() {
            assertEquals(1, data.size(), () -> "an output event has one data line: " + this);
            try (JsonReader reader = Json.createReader(new StringReader(data.get(0)))) {
                JsonValue value = reader.readValue();
                assertEquals(JsonValue.ValueType.STRING, value.getValueType(), () -> "the data is a JSON string: " + this);
                return ((JsonString) value).getString();
            }
        }

        /** The event id: the byte offset of the stream after this event's text. */
        public long offset() {
            return Long.parseLong(id);
        }
    }

    private final Iterator<String> lines;
    private Event next;

    private ServerSentEvents(Iterator<String> lines) {
        this.lines = lines;
    }

    /** The events of a stream, read as they arrive (the iterator blocks). */
    public static ServerSentEvents of(Stream<String> lines) {
        return new ServerSentEvents(lines.iterator());
    }

    /** The rest of the events up to and including {@code end} (or the stream's close). */
    public List<Event> untilEnd() {
        List<Event> events = new ArrayList<>();
        while (hasNext()) {
            Event event = next();
            events.add(event);
            if (event.isEnd()) {
                break;
            }
        }
        return events;
    }

    /** The text of every event of one output stream, joined: the output exactly as the program wrote it. */
    public static String output(List<Event> events, String stream) {
        return events.stream().filter(e -> stream.equals(e.name())).map(Event::text).reduce("", String::concat);
    }

    /** The id of the last event of one output stream: how many bytes it carried in all (0 when none). */
    public static long lastOffset(List<Event> events, String stream) {
        return events.stream().filter(e -> stream.equals(e.name())).mapToLong(Event::offset).reduce(0, (a, b) -> b);
    }

    /** The UTF-8 length of a text: what an output stream's offset counts. */
    public static long bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public Event next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Event event = next;
        next = null;
        return event;
    }

    private Event read() {
        String name = null;
        String id = null;
        List<String> data = new ArrayList<>();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    return new Event(name == null ? "message" : name, id, data);
                }
                name = null;
                id = null;
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                value = value.startsWith(" ") ? value.substring(1) : value;
                switch (field) {
                    case "event" -> name = value;
                    case "id" -> id = value;
                    case "data" -> data.add(value);
                    default -> {
                        // retry and unknown fields: not used
                    }
                }
            }
        }
        return null;
    }
}
