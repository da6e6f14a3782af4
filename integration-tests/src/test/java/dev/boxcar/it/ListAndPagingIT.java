package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListAndPagingIT {
    private final RawApi alice = RawApi.tenantA();
    private final RawApi bob = RawApi.tenantB();

    @Test
    void jobsOfASandboxArePagedNewestFirstWithoutGapsOrRepeats() {
        String sandbox = TestEnvironment.sandboxId("paged");
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            submitted.add(Jobs.submitToSandbox(alice, sandbox, ExecRequest.command("echo " + i)));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiResponse page = alice.get("/api/v1/jobs?sandboxId=" + sandbox + "&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::toString);
            page.json().getJsonArray("items").forEach(item -> seen.add(item.asJsonObject().getString("id")));
            JsonValue next = page.json().get("nextCursor");
            cursor = next.getValueType() == JsonValue.ValueType.NULL ? null : page.json().getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        List<String> newestFirst = new ArrayList<>(submitted);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen);
        assertEquals(0, bob.get("/api/v1/jobs?sandboxId=" + sandbox).json().getJsonArray("items").size(),
                "another tenant's jobs are not listed");
    }

    /** 500 jobs of 2 MiB each would be a gigabyte in one answer: pages of large results end early. */
    @Test
    void aPageOfLargeResultsEndsEarlyWithACursorAndLosesNothing() {
        String sandbox = TestEnvironment.sandboxId("paging-large");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(Jobs.submitToSandbox(alice, sandbox, ExecRequest.command("head -c 1000000 /dev/zero | tr '\\0' x")));
        }
        ids.forEach(id -> Jobs.awaitFinished(alice, id, Duration.ofSeconds(60)));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonObject page = alice.get("/api/v1/jobs?sandboxId=" + sandbox + "&limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.getJsonArray("items").forEach(item -> seen.add(item.asJsonObject().getString("id")));
            cursor = page.isNull("nextCursor") ? null : page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 20);
        assertTrue(pages >= 2, "10 MB of results came in one page");
        assertEquals(10, seen.size(), "every job once: " + seen);
        assertTrue(seen.containsAll(ids));
    }

    @Test
    void jobsCanBeFilteredByStatus() {
        String sandbox = TestEnvironment.sandboxId("filtered");
        String done = Jobs.submitToSandbox(alice, sandbox, ExecRequest.command("true"));
        Jobs.awaitFinished(alice, done, Duration.ofSeconds(60));
        ApiResponse completed = alice.get("/api/v1/jobs?sandboxId=" + sandbox + "&status=completed");
        assertEquals(List.of(done), completed.json().getJsonArray("items").stream()
                .map(v -> v.asJsonObject().getString("id")).toList());
        assertEquals(0, alice.get("/api/v1/jobs?sandboxId=" + sandbox + "&status=queued").json()
                .getJsonArray("items").size());
    }

    @Test
    void sandboxesAreListedForTheirTenantOnly() {
        String mine = TestEnvironment.sandboxId("listed");
        alice.put("/api/v1/sandboxes/" + mine, null);
        JsonObject page = alice.get("/api/v1/sandboxes?limit=500").json();
        assertTrue(page.getJsonArray("items").stream().anyMatch(s -> mine.equals(s.asJsonObject().getString("id"))));
        JsonObject bobs = bob.get("/api/v1/sandboxes?limit=500").json();
        assertTrue(bobs.getJsonArray("items").stream().noneMatch(s -> mine.equals(s.asJsonObject().getString("id"))));
    }

    @Test
    void badPagingAndFilterParametersAre400NamingThem() {
        assertNamed(alice.get("/api/v1/jobs?limit=0"), "limit");
        assertNamed(alice.get("/api/v1/jobs?limit=501"), "limit");
        assertNamed(alice.get("/api/v1/sandboxes?limit=abc"), "limit");
        assertNamed(alice.get("/api/v1/jobs?cursor=not-ours"), "cursor");
        assertNamed(alice.get("/api/v1/jobs?status=finished"), "status");
        assertNamed(alice.get("/api/v1/jobs?sandboxId=UPPER"), "sandboxId");
    }

    private static void assertNamed(ApiResponse response, String field) {
        assertEquals(400, response.status(), response::toString);
        assertEquals(field, response.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }
}
