package dev.boxcar.client;

import java.util.Optional;

/**
 * Assembles Server-Sent Events from the lines of a {@code text/event-stream} (the WHATWG "event
 * stream interpretation"): {@code event:}, {@code id:} and {@code data:} fields up to a blank line
 * make one event; several {@code data:} lines join with newlines; lines starting with {@code :} are
 * comments (the server's keep-alives) and are skipped. Boxcar's output events have one data line, a
 * JSON string ({@link LogStream#outputText} decodes it). Not thread-safe: one parser per stream.
 */
final class SseParser {
    /** One dispatched event; {@code name} is {@code message} when the stream gave none. */
    record SseEvent(String name, String id, String data) {
    }

    private String name;
    private String id;
    private StringBuilder data;

    /** Feeds one line (without its line ending); returns the event a blank line completes. */
    Optional<SseEvent> accept(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> name = value;
            case "id" -> id = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            default -> {
                // "retry" and unknown fields: nothing this client uses.
            }
        }
        return Optional.empty();
    }

    private Optional<SseEvent> dispatch() {
        if (data == null) {
            // A blank line after no data dispatches nothing (the spec), but ends the event.
            name = null;
            id = null;
            return Optional.empty();
        }
        SseEvent event = new SseEvent(name == null || name.isEmpty() ? "message" : name, id, data.toString());
        name = null;
        data = null;
        // Unlike the spec's "last event id", the id is the event's own: Boxcar sends one with every
        // output event (its byte offset) and none with "end", which must not inherit an offset.
        id = null;
        return Optional.of(event);
    }
}
