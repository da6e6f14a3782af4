package dev.boxcar.api.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Each tenant's queued jobs as last counted, plus what this API instance admitted since, so that
 * not every submission has to count up to thousands of rows. Far below the limit a count is
 * trusted for {@code trustFarMillis}; near or over it for {@code trustNearMillis} only, so a tenant
 * at its limit gets its 429s (and its room back) from a count at most that old, and costs the
 * database one count per that interval however fast it submits (it once cost one per request).
 */
final class RecentQueuedCounts {
    enum Verdict { ROOM, FULL, COUNT_FIRST }

    private record Counted(long queued, long atMillis) {
    }

    private final long trustFarMillis;
    private final long trustNearMillis;
    private final long farMargin;
    private final LongSupplier clock;
    private final Map<String, Counted> counts = new ConcurrentHashMap<>();

    RecentQueuedCounts(long trustFarMillis, long trustNearMillis, long farMargin, LongSupplier clock) {
        this.trustFarMillis = trustFarMillis;
        this.trustNearMillis = trustNearMillis;
        this.farMargin = farMargin;
        this.clock = clock;
    }

    /** ROOM: {@code more} jobs fit and are added to the count; FULL: they do not; else count first. */
    Verdict admit(String tenant, long limit, int more) {
        long now = clock.getAsLong();
        Verdict[] verdict = {Verdict.COUNT_FIRST};
        // compute: the check and the addition are one step for concurrent submissions of a tenant.
        counts.computeIfPresent(tenant, (t, last) -> {
            long age = now - last.atMillis();
            boolean fits = last.queued() + more <= limit;
            if ((age < trustFarMillis && last.queued() + more + farMargin <= limit) || (age < trustNearMillis && fits)) {
                verdict[0] = Verdict.ROOM;
                return new Counted(last.queued() + more, last.atMillis());
            }
            if (age < trustNearMillis) {
                verdict[0] = Verdict.FULL;
            }
            return last;
        });
        return verdict[0];
    }

    /** A fresh count of the tenant's queued jobs (with any it is about to add). */
    void counted(String tenant, long queued) {
        counts.put(tenant, new Counted(queued, clock.getAsLong()));
    }

    /** The tenant's queued jobs as last counted and added to; 0 when never counted. */
    long lastQueued(String tenant) {
        Counted last = counts.get(tenant);
        return last == null ? 0 : last.queued();
    }
}
