package dev.boxcar.api.waiting;

import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.api.problem.Problems;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Streams an output (a process's logs, a running job's output) as Server-Sent Events: every half
 * second it reads a {@link Snapshot} and sends what is new of each stream ({@code stdout} /
 * {@code stderr} events whose id is the byte offset after them), then one {@code end} event once
 * the snapshot says it ended.
 *
 * <p>An output event's data is the new text as one JSON string literal ({@code data: "a\n\nb\n"}):
 * the SSE writer splits plain text into {@code data:} lines and drops empty lines and a final
 * newline, while a JSON string has no line break in it, so every character of the output arrives.
 *
 * <p>Streams hold no thread while they wait: each one is a tick on a small pool of its own, so
 * open streams cannot starve long-polls (which wake on the managed executor) or each other. A
 * comment line every {@link #HEARTBEAT_MILLIS} keeps proxies from cutting idle streams and finds
 * clients that went away (the send fails, the stream ends). A tenant may hold at most
 * {@code BOXCAR_QUOTA_STREAMS} streams open at once on this API instance (429 beyond).
 */
@ApplicationScoped
public class SseOutput {
    private static final Logger LOG = Logger.getLogger(SseOutput.class.getName());
    private static final long POLL_MILLIS = 500;
    static final long HEARTBEAT_MILLIS = 15_000;
    private static final int POOL_THREADS = 4;

    @Resource
    ManagedThreadFactory threads;
    @Inject
    ApiConfig config;

    private final Map<String, AtomicInteger> openByTenant = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService ticks;

    /**
     * The newest bytes of each stream and how many were written in all; {@code end} is the JSON
     * of the final event, or null while the output is still growing.
     */
    public record Snapshot(byte[] stdout, long stdoutTotal, byte[] stderr, long stderrTotal, String end) {
    }

    /** Opens a stream for the tenant (429 when it holds its quota of streams already). */
    public void stream(String tenant, SseEventSink sink, Sse sse, Supplier<Snapshot> read) {
        AtomicInteger open = openByTenant.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (open.incrementAndGet() > config.quotaStreams(tenant)) {
            open.decrementAndGet();
            throw Problems.quotaExceeded("tenant " + tenant + " has " + config.quotaStreams(tenant)
                    + " streams open, the most it may hold; close one first", 5);
        }
        new Stream(sink, sse, read, open).start(pool());
    }

    /** Open streams of every tenant on this instance (for the metrics). */
    public int openStreams() {
        return openByTenant.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Open streams of a tenant on this instance (for tests and health). */
    public int openStreams(String tenant) {
        AtomicInteger open = openByTenant.get(tenant);
        return open == null ? 0 : open.get();
    }

    private ScheduledExecutorService pool() {
        ScheduledExecutorService pool = ticks;
        if (pool == null) {
            synchronized (this) {
                if (ticks == null) {
                    ticks = Executors.newScheduledThreadPool(POOL_THREADS, threads);
                }
                pool = ticks;
            }
        }
        return pool;
    }

    @PreDestroy
    void close() {
        if (ticks != null) {
            ticks.shutdownNow();
        }
    }

    /** The text as a JSON string literal: quotes, backslashes and control characters escaped. */
    static String jsonString(String text) {
        return Json.createValue(text).toString();
    }

    /**
     * Where the UTF-8 bytes {@code from..to} end without cutting a character: {@code to}, or the
     * start of a multi-byte character whose last bytes are still missing. Bytes that are no UTF-8
     * at all are not held back.
     */
    static int wholeCharacters(byte[] bytes, int from, int to) {
        int start = to - 1;
        while (start >= from && start > to - 4 && (bytes[start] & 0xC0) == 0x80) {
            start--;
        }
        if (start < from || (bytes[start] & 0xC0) != 0xC0) {
            return to;
        }
        int lead = bytes[start] & 0xFF;
        int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        return to - start < length ? start : to;
    }

    /** One open stream: what was sent so far, and its scheduled tick. */
    private static final class Stream implements Runnable {
        private final SseEventSink sink;
        private final Sse sse;
        private final Supplier<Snapshot> read;
        private final AtomicInteger openOfTenant;
        private long stdoutSent;
        private long stderrSent;
        private long lastSentAt = System.currentTimeMillis();
        private boolean ended;
        private volatile ScheduledFuture<?> tick;

        Stream(SseEventSink sink, Sse sse, Supplier<Snapshot> read, AtomicInteger openOfTenant) {
            this.sink = sink;
            this.sse = sse;
            this.read = read;
            this.openOfTenant = openOfTenant;
        }

        void start(ScheduledExecutorService pool) {
            tick = pool.scheduleWithFixedDelay(this, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
            synchronized (this) {
                if (ended) {
                    tick.cancel(false);
                }
            }
        }

        @Override
        public synchronized void run() {
            if (ended) {
                return;
            }
            try {
                if (sink.isClosed()) {
                    end();
                    return;
                }
                Snapshot now = read.get();
                boolean last = now.end() != null;
                stdoutSent = sendNew("stdout", now.stdout(), now.stdoutTotal(), stdoutSent, last);
                stderrSent = sendNew("stderr", now.stderr(), now.stderrTotal(), stderrSent, last);
                if (now.end() != null) {
                    sink.send(sse.newEventBuilder().name("end").mediaType(MediaType.APPLICATION_JSON_TYPE)
                            .data(String.class, now.end()).build());
                    end();
                    return;
                }
                if (System.currentTimeMillis() - lastSentAt >= HEARTBEAT_MILLIS) {
                    sent(sink.send(sse.newEventBuilder().comment("keep-alive").build()));
                }
            } catch (RuntimeException clientGoneOrObjectGone) {
                // The client closed the stream, or what it watched went away: nothing more to send.
                LOG.log(Level.FINE, "stream ended", clientGoneOrObjectGone);
                end();
            }
        }

        /**
         * Sends what is new of one stream; until the last snapshot, a character whose bytes have
         * not all arrived waits for the next tick (decoded in two halves it would be two U+FFFD).
         */
        private long sendNew(String name, byte[] retained, long total, long sent, boolean last) {
            if (total <= sent) {
                return sent;
            }
            long firstRetained = total - retained.length;
            int from = (int) Math.max(0, sent - firstRetained);
            int to = last ? retained.length : wholeCharacters(retained, from, retained.length);
            if (to <= from) {
                return sent;
            }
            String text = new String(retained, from, to - from, StandardCharsets.UTF_8);
            long after = firstRetained + to;
            sent(sink.send(sse.newEventBuilder().name(name).id(Long.toString(after))
                    .data(String.class, jsonString(text)).build()));
            return after;
        }

        /** A send that fails later (the client is gone) ends the stream on the next tick. */
        private void sent(java.util.concurrent.CompletionStage<?> delivery) {
            lastSentAt = System.currentTimeMillis();
            delivery.whenComplete((ok, failure) -> {
                if (failure != null) {
                    synchronized (this) {
                        end();
                    }
                }
            });
        }

        private void end() {
            if (ended) {
                return;
            }
            ended = true;
            openOfTenant.decrementAndGet();
            ScheduledFuture<?> scheduled = tick;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            try {
                sink.close();
            } catch (RuntimeException alreadyClosed) {
                LOG.log(Level.FINE, "closing a stream", alreadyClosed);
            }
        }
    }
}
