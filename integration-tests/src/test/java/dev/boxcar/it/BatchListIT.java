package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/batches}: an extension of API.md (the dashboard lists a tenant's batches). */
class BatchListIT {
    private final RawApi alice = RawApi.tenantA();
    private final RawApi bob = RawApi.tenantB();

    private String submitBatch(RawApi tenant) {
        ApiResponse created = tenant.post("/api/v1/batches", "{\"jobs\":[{\"command\":\"true\"}]}");
        assertEquals(202, created.status(), created::toString);
        return created.json().getString("id");
    }

    @Test
    void batchesArePagedNewestFirstWithTheirProgressAndWithoutRepeats() {
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submitted.add(submitBatch(alice));
        }
        List<String> seen = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiResponse page = alice.get("/api/v1/batches?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::toString);
            for (JsonValue item : page.json().getJsonArray("items")) {
                JsonObject batch = item.asJsonObject();
                assertTrue(distinct.add(batch.getString("id")), "listed twice: " + batch);
                if (submitted.contains(batch.getString("id"))) {
                    seen.add(batch.getString("id"));
                    assertEquals(1, batch.getInt("total"), batch::toString);
                    assertTrue(batch.getJsonObject("counts").containsKey("queued"), batch::toString);
                    assertTrue(batch.getJsonObject("verdicts").containsKey("accepted"), batch::toString);
                }
            }
            JsonValue next = page.json().get("nextCursor");
            cursor = next.getValueType() == JsonValue.ValueType.NULL ? null : page.json().getString("nextCursor");
            pages++;
        } while (cursor != null && seen.size() < submitted.size());
        assertTrue(pages >= 2, "three batches at two a page take two pages at least");
        List<String> newestFirst = new ArrayList<>(submitted);
        Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen);
    }

    @Test
    void anotherTenantsBatchesAreNotListed() {
        String alices = submitBatch(alice);
        JsonObject bobs = bob.get("/api/v1/batches?limit=500").json();
        assertTrue(bobs.getJsonArray("items").stream().noneMatch(b -> alices.equals(b.asJsonObject().getString("id"))));
        JsonObject own = alice.get("/api/v1/batches?limit=500").json();
        assertTrue(own.getJsonArray("items").stream().anyMatch(b -> alices.equals(b.asJsonObject().getString("id"))));
        assertEquals(401, RawApi.anonymous().get("/api/v1/batches").status());
    }

    @Test
    void badPagingParametersAre400NamingThem() {
        assertNamed(alice.get("/api/v1/batches?limit=0"), "limit");
        assertNamed(alice.get("/api/v1/batches?limit=501"), "limit");
        assertNamed(alice.get("/api/v1/batches?limit=abc"), "limit");
        assertNamed(alice.get("/api/v1/batches?cursor=not-ours"), "cursor");
    }

    private static void assertNamed(ApiResponse response, String field) {
        assertEquals(400, response.status(), response::toString);
        assertEquals(field, response.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }
}
