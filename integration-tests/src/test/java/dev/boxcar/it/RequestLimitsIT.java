package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.BoxcarClient;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestLimitsIT {
    private static final int LIMIT = 10 * 1024 * 1024;
    private final BoxcarClient alice = BoxcarClient.tenantA();

    private static final String HEAD = "{\"command\":\"wc -c\",\"stdin\":\"";
    private static final String TAIL = "\"}";

    /** An exec body of exactly {@code size} bytes whose stdin is padding. */
    private static String bodyOfSize(int size) {
        return HEAD + "a".repeat(size - HEAD.length() - TAIL.length()) + TAIL;
    }

    @Test
    void aBodyOfExactlyTenMebibytesIsAccepted() {
        ApiResponse accepted = alice.post("/api/v1/sandboxes/" + TestEnvironment.sandboxId("big") + "/exec", bodyOfSize(LIMIT));
        assertEquals(202, accepted.status(), () -> "HTTP " + accepted.status());
        JsonObject job = Jobs.awaitFinished(alice, accepted.json().getString("id"), Duration.ofSeconds(90));
        assertEquals(String.valueOf(LIMIT - HEAD.length() - TAIL.length()), job.getJsonObject("result").getString("stdout").trim());
    }

    @Test
    void aLargerBodyIs413AndCreatesNothing() {
        String sandbox = TestEnvironment.sandboxId("too-big");
        ApiResponse rejected = alice.post("/api/v1/sandboxes/" + sandbox + "/exec", bodyOfSize(LIMIT + 1));
        assertEquals(413, rejected.status(), () -> "HTTP " + rejected.status());
        assertEquals("application/problem+json", rejected.contentType());
        assertEquals(404, alice.get("/api/v1/sandboxes/" + sandbox).status());
    }
}
