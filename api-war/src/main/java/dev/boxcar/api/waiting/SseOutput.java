package dev.boxcar.api.waiting;

import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Sends the new part of an output stream as a Server-Sent Event: {@code retained} holds the last
 * bytes of a stream of {@code total} bytes; what lies after offset {@code sent} goes out, with the
 * new offset as the event id (a client can resume from it).
 */
public final class SseOutput {
    private SseOutput() {
    }

    public static long sendNew(SseEventSink sink, Sse sse, String name, byte[] retained, long total, long sent) {
        if (total <= sent) {
            return sent;
        }
        long firstRetained = total - retained.length;
        int from = (int) Math.max(0, sent - firstRetained);
        String text = new String(Arrays.copyOfRange(retained, from, retained.length), StandardCharsets.UTF_8);
        sink.send(sse.newEventBuilder().name(name).id(Long.toString(total)).data(String.class, text).build());
        return total;
    }
}
