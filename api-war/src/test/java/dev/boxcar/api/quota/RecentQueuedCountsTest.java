package dev.boxcar.api.quota;

import static dev.boxcar.api.quota.RecentQueuedCounts.Verdict.COUNT_FIRST;
import static dev.boxcar.api.quota.RecentQueuedCounts.Verdict.FULL;
import static dev.boxcar.api.quota.RecentQueuedCounts.Verdict.ROOM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentQueuedCountsTest {
    private static final long LIMIT = 10_000;
    private final AtomicLong now = new AtomicLong(5_000_000);
    private final RecentQueuedCounts counts = new RecentQueuedCounts(1000, 100, 1000, now::get);

    @Test
    void aTenantNeverCountedIsCountedFirst() {
        assertEquals(COUNT_FIRST, counts.admit("a", LIMIT, 1, true));
    }

    @Test
    void farBelowTheLimitACountIsTrustedForASecondAndAdmissionsAddToIt() {
        counts.counted("a", 100);
        for (int i = 0; i < 50; i++) {
            assertEquals(ROOM, counts.admit("a", LIMIT, 2, true));
        }
        assertEquals(200, counts.lastQueued("a"));
        now.addAndGet(999);
        assertEquals(ROOM, counts.admit("a", LIMIT, 1, true));
        now.addAndGet(1);
        assertEquals(COUNT_FIRST, counts.admit("a", LIMIT, 1, true));
        assertEquals(COUNT_FIRST, counts.admit("b", LIMIT, 1, true), "counts are per tenant");
    }

    @Test
    void nearTheLimitACountIsTrustedForATenthOfASecond() {
        counts.counted("a", 9_500);
        assertEquals(ROOM, counts.admit("a", LIMIT, 400, true));
        now.addAndGet(99);
        assertEquals(ROOM, counts.admit("a", LIMIT, 100, true), "exactly at the limit is allowed");
        assertEquals(FULL, counts.admit("a", LIMIT, 1, true), "a recent count already at the limit refuses without counting");
        assertEquals(LIMIT, counts.lastQueued("a"));
        now.addAndGet(1);
        assertEquals(COUNT_FIRST, counts.admit("a", LIMIT, 1, true), "then it is counted again: room may have come back");
    }

    @Test
    void aRefusalDoesNotAddToTheCount() {
        counts.counted("a", 9_990);
        assertEquals(FULL, counts.admit("a", LIMIT, 11, true));
        assertEquals(ROOM, counts.admit("a", LIMIT, 10, true));
        assertEquals(LIMIT, counts.lastQueued("a"));
    }

    @Test
    void onceACountIsTooOldOneCallerCountsAndTheOthersGoOnByItMeanwhile() {
        counts.counted("a", 100);
        now.addAndGet(1000);
        assertEquals(COUNT_FIRST, counts.admit("a", LIMIT, 1, false), "a caller that will not count leaves it to another");
        assertEquals(COUNT_FIRST, counts.admit("a", LIMIT, 1, true), "the first that will count does");
        assertEquals(ROOM, counts.admit("a", LIMIT, 1, true), "the others go on by the last count");
        assertEquals(ROOM, counts.admit("a", LIMIT, 1, false));
        now.addAndGet(999);
        assertEquals(ROOM, counts.admit("a", LIMIT, 1, true));
        now.addAndGet(1);
        assertEquals(COUNT_FIRST, counts.admit("a", LIMIT, 1, true), "a count that never came is claimed again");
        assertEquals(ROOM, counts.admit("a", LIMIT, 1, true), "by one caller");
        counts.counted("a", 500);
        assertEquals(ROOM, counts.admit("a", LIMIT, 1, false));
        assertEquals(505, counts.lastQueued("a"),
                "the fresh count, the four admitted since the first claim (its count never came), and this one");
    }

    @Test
    void whatTheOthersAdmittedWhileACountWasTakenIsAddedToIt() {
        counts.counted("a", 9_000);
        now.addAndGet(100);
        assertEquals(COUNT_FIRST, counts.admit("a", LIMIT, 1, true), "this caller counts");
        for (int i = 0; i < 5; i++) {
            assertEquals(ROOM, counts.admit("a", LIMIT, 10, false), "the others go on by the old count");
        }
        // The count's snapshot may predate their commits: they are not lost from the count.
        counts.counted("a", 9_001);
        assertEquals(9_051, counts.lastQueued("a"));
        assertEquals(ROOM, counts.admit("a", LIMIT, 1, true));
        counts.counted("a", 9_100);
        assertEquals(9_100, counts.lastQueued("a"), "no recount was under way: the count stands as taken");
    }
}
