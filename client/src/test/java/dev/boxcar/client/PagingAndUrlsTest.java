package dev.boxcar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boxcar.client.model.Page;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PagingAndUrlsTest {

    @Test
    void allPagesAreWalkedInOrderAndEmptyPagesInBetweenAreSkipped() {
        Map<String, Page<Integer>> pages = new java.util.HashMap<>();
        pages.put(null, new Page<>(List.of(1, 2), "a"));
        pages.put("a", new Page<>(List.of(), "b"));
        pages.put("b", new Page<>(List.of(3), null));
        List<String> asked = new ArrayList<>();
        List<Integer> all = Pages.all(cursor -> {
            asked.add(cursor);
            return pages.get(cursor);
        }).toList();
        assertEquals(List.of(1, 2, 3), all);
        assertEquals(java.util.Arrays.asList(null, "a", "b"), asked);
    }

    @Test
    void aConsumerThatStopsEarlyFetchesNoFurtherPage() {
        List<String> asked = new ArrayList<>();
        List<Integer> first = Pages.all(cursor -> {
            asked.add(cursor);
            return new Page<>(List.of(1, 2), "more");
        }).limit(2).toList();
        assertEquals(List.of(1, 2), first);
        assertEquals(1, asked.size());
    }

    @Test
    void queryValuesArePercentEncodedAndNullsLeftOut() {
        assertEquals("?path=data%2Fa%20b%2Bc.txt&wait=5", UrlParts.query("path", "data/a b+c.txt", "cursor", null, "wait", 5));
        assertEquals("", UrlParts.query("cursor", null));
    }

    @Test
    void theApiBasePathIsAddedOnce() {
        assertEquals(URI.create("http://h:8080/api/v1"), BoxcarClient.Builder.apiRoot(URI.create("http://h:8080")));
        assertEquals(URI.create("http://h:8080/api/v1"), BoxcarClient.Builder.apiRoot(URI.create("http://h:8080/")));
        assertEquals(URI.create("http://h:8080/api/v1"), BoxcarClient.Builder.apiRoot(URI.create("http://h:8080/api/v1/")));
    }

    @Test
    void aLongPollAsksForTheTimeLeftRoundedUpAndAtMostSixtySeconds() {
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        assertEquals(60, Waits.serverWaitSeconds(now, now.plus(Duration.ofMinutes(5))));
        assertEquals(3, Waits.serverWaitSeconds(now, now.plusMillis(2_001)));
        assertEquals(1, Waits.serverWaitSeconds(now, now.plusMillis(1)));
        assertEquals(0, Waits.serverWaitSeconds(now, now));
        assertEquals(0, Waits.serverWaitSeconds(now, now.minusSeconds(1)));
        assertEquals(Instant.MAX, Waits.deadline(now, Duration.ofSeconds(Long.MAX_VALUE)));
    }

    @Test
    void onlyIdempotentMethodsAndKeyedPostsAreSafeToRepeat() {
        assertEquals(true, Call.get("/jobs").isSafeToRepeat());
        assertEquals(true, Call.delete("/jobs/x").isSafeToRepeat());
        assertEquals(true, Call.putJson("/sandboxes/s", Map.of()).isSafeToRepeat());
        assertEquals(true, Call.postJson("/exec", Map.of(), "key").isSafeToRepeat());
        assertEquals(false, Call.postJson("/exec", Map.of(), null).isSafeToRepeat());
    }
}
