package dev.boxcar.api.waiting;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Streams an output (a process's logs, a running job's output) as Server-Sent Events: every half
 * second it reads a {@link Snapshot} and sends what is new of each stream ({@code stdout} /
 * {@code stderr} events whose id is the byte offset after them), then one {@code end} event once
 * the snapshot says it ended. One managed thread per open stream.
 */
@ApplicationScoped
public class SseOutput {
    private static final long POLL_MILLIS = 500;

    @Resource
    ManagedExecutorService executor;

    /**
     * The newest bytes of each stream and how many were written in all; {@code end} is the JSON
     * of the final event, or null while the output is still growing.
     */
    public record Snapshot(byte[] stdout, long stdoutTotal, byte[] stderr, long stderrTotal, String end) {
    }

    public void stream(SseEventSink sink, Sse sse, Supplier<Snapshot> read) {
        executor.execute(() -> {
            long stdoutSent = 0;
            long stderrSent = 0;
            try (sink) {
                while (!sink.isClosed()) {
                    Snapshot now = read.get();
                    stdoutSent = sendNew(sink, sse, "stdout", now.stdout(), now.stdoutTotal(), stdoutSent);
                    stderrSent = sendNew(sink, sse, "stderr", now.stderr(), now.stderrTotal(), stderrSent);
                    if (now.end() != null) {
                        sink.send(sse.newEventBuilder().name("end").mediaType(MediaType.APPLICATION_JSON_TYPE)
                                .data(String.class, now.end()).build());
                        return;
                    }
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException clientGoneOrObjectGone) {
                // The client closed the stream, or what it watched went away: nothing more to send.
            }
        });
    }

    private static long sendNew(SseEventSink sink, Sse sse, String name, byte[] retained, long total, long sent) {
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
