package dev.boxcar.api.waiting;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Keys seen within the last {@code keepMillis}, at most {@code capacity} of them, forgotten oldest
 * first. Each {@link #add} costs O(1) amortized however many keys are held: the order of arrival
 * is kept in a queue beside the map, so forgetting never scans. (It once did: past 10,000 recent
 * keys every add scanned them all, and destroying a sandbox with 10,000 queued jobs, whose
 * cancellations are 10,000 notifications, cost the API 10^8 steps.)
 */
final class RecentKeys {
    private record Seen(UUID key, long atMillis) {
    }

    private final long keepMillis;
    private final int capacity;
    private final LongSupplier clock;
    private final Map<UUID, Long> lastSeen = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Seen> arrivals = new ConcurrentLinkedQueue<>();
    /** The queue's length: {@link ConcurrentLinkedQueue#size} counts by walking it. */
    private final AtomicInteger queued = new AtomicInteger();

    RecentKeys(long keepMillis, int capacity, LongSupplier clock) {
        this.keepMillis = keepMillis;
        this.capacity = capacity;
        this.clock = clock;
    }

    void add(UUID key) {
        long now = clock.getAsLong();
        lastSeen.put(key, now);
        arrivals.add(new Seen(key, now));
        queued.incrementAndGet();
        forgetOld(now);
    }

    boolean contains(UUID key) {
        Long at = lastSeen.get(key);
        return at != null && at >= clock.getAsLong() - keepMillis;
    }

    int size() {
        return lastSeen.size();
    }

    private void forgetOld(long now) {
        Seen oldest;
        while ((oldest = arrivals.peek()) != null && (oldest.atMillis() < now - keepMillis || queued.get() > capacity)) {
            if (arrivals.remove(oldest)) {
                queued.decrementAndGet();
                // A key seen again since keeps its later arrival.
                lastSeen.remove(oldest.key(), oldest.atMillis());
            }
        }
    }
}
