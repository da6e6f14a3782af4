package dev.boxcar.api.waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentKeysTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RecentKeys recent = new RecentKeys(60_000, 1_000, now::get);

    @Test
    void remembersAKeyForItsTimeThenForgetsIt() {
        UUID key = UUID.randomUUID();
        recent.add(key);
        now.addAndGet(60_000);
        assertTrue(recent.contains(key));
        now.addAndGet(1);
        assertFalse(recent.contains(key), "older than the time kept");
        recent.add(UUID.randomUUID());
        assertEquals(1, recent.size(), "the old key is dropped by the next add");
    }

    @Test
    void aKeySeenAgainIsKeptFromItsLastSighting() {
        UUID key = UUID.randomUUID();
        recent.add(key);
        now.addAndGet(50_000);
        recent.add(key);
        now.addAndGet(20_000);
        recent.add(UUID.randomUUID());
        assertTrue(recent.contains(key), "its first sighting expired, its second has not");
    }

    @Test
    void holdsAtMostItsCapacityForgettingTheOldestFirst() {
        List<UUID> keys = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            keys.add(UUID.randomUUID());
            recent.add(keys.get(i));
            now.incrementAndGet();
        }
        assertEquals(1_000, recent.size());
        assertFalse(recent.contains(keys.get(1_499)));
        assertTrue(recent.contains(keys.get(1_500)));
        assertTrue(recent.contains(keys.get(2_499)));
    }

    /** Within the time kept, a burst twice the capacity (a sandbox's queue cancelled) stays bounded. */
    @Test
    void aBurstWithinTheTimeKeptStaysAtCapacity() {
        RecentKeys large = new RecentKeys(60_000, 100_000, now::get);
        for (int i = 0; i < 200_000; i++) {
            large.add(UUID.randomUUID());
        }
        assertEquals(100_000, large.size());
    }
}
