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

    /**
     * {@code recountSince}: when a submission set out to count afresh (-1: none is), while which
     * the others keep to this count; {@code addedSince}: what they admitted meanwhile, which the
     * fresh count may not see yet (their jobs commit after its snapshot) and so is added to it.
     */
    private record Counted(long queued, long atMillis, long recountSince, long addedSince) {
        Counted adding(long more) {
            return new Counted(queued + more, atMillis, recountSince, recountSince >= 0 ? addedSince + more : 0);
        }
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

    /**
     * ROOM: {@code more} jobs fit and are added to the count; FULL: they do not; COUNT_FIRST: the
     * count is too old. Then, with {@code claimRecount}, this caller is the one to count, and the
     * others go on by the old count for up to one more interval meanwhile: a count takes tens of
     * milliseconds at thousands of queued jobs, and 32 submissions counting at once were the
     * slowest submissions of all. A count that never comes is claimed again an interval later.
     */
    Verdict admit(String tenant, long limit, int more, boolean claimRecount) {
        long now = clock.getAsLong();
        Verdict[] verdict = {Verdict.COUNT_FIRST};
        // compute: the check and the addition are one step for concurrent submissions of a tenant.
        counts.computeIfPresent(tenant, (t, last) -> {
            boolean fits = last.queued() + more <= limit;
            long trustedFor = last.queued() + more + farMargin <= limit ? trustFarMillis : trustNearMillis;
            boolean recountUnderWay = last.recountSince() >= 0 && now - last.recountSince() < trustedFor;
            if (now - last.atMillis() < trustedFor || recountUnderWay) {
                verdict[0] = fits ? Verdict.ROOM : Verdict.FULL;
                return fits ? last.adding(more) : last;
            }
            // A claim made again (the first count never came) keeps what was admitted since the first.
            return claimRecount ? new Counted(last.queued(), last.atMillis(), now,
                    last.recountSince() >= 0 ? last.addedSince() : 0) : last;
        });
        return verdict[0];
    }

    /**
     * A fresh count of the tenant's queued jobs (with any it is about to add), plus what was
     * admitted by the old count while it was taken. A job admitted meanwhile that committed before
     * the count's snapshot is then counted twice until the next count: near the limit that errs
     * towards a 429 for at most {@code trustNearMillis}, never towards more jobs than the quota.
     */
    void counted(String tenant, long queued) {
        long now = clock.getAsLong();
        counts.compute(tenant, (t, last) -> new Counted(
                queued + (last != null && last.recountSince() >= 0 ? last.addedSince() : 0), now, -1, 0));
    }

    /** The tenant's queued jobs as last counted and added to; 0 when never counted. */
    long lastQueued(String tenant) {
        Counted last = counts.get(tenant);
        return last == null ? 0 : last.queued();
    }
}
