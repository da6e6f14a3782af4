package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.TestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdempotencyIT {

    @Test
    void aRepeatedKeyReturnsTheSameJobAndCreatesNothingNew() throws Exception {
        String sandbox = TestEnvironment.sandboxId("idem");
        String key = "key-" + UUID.randomUUID();
        String body = ExecRequest.command("echo once").json();
        ApiResponse first = post(TestEnvironment.tokenA(), "/api/v1/sandboxes/" + sandbox + "/exec", key, body);
        ApiResponse second = post(TestEnvironment.tokenA(), "/api/v1/sandboxes/" + sandbox + "/exec", key, body);
        assertEquals(202, first.status(), first::toString);
        assertEquals(first.status(), second.status(), second::toString);
        assertEquals(first.json().getString("id"), second.json().getString("id"));
        ApiResponse listed = dev.boxcar.it.support.RawApi.tenantA().get("/api/v1/jobs?sandboxId=" + sandbox);
        assertEquals(1, listed.json().getJsonArray("items").size(), "one job only");
    }

    @Test
    void theSameKeyWithADifferentBodyIs422() throws Exception {
        String key = "key-" + UUID.randomUUID();
        assertEquals(202, post(TestEnvironment.tokenA(), "/api/v1/exec", key, ExecRequest.command("echo a").json()).status());
        ApiResponse different = post(TestEnvironment.tokenA(), "/api/v1/exec", key, ExecRequest.command("echo b").json());
        assertEquals(422, different.status(), different::toString);
        assertEquals("application/problem+json", different.contentType());
    }

    @Test
    void keysBelongToOneTenant() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String body = ExecRequest.command("echo mine").json();
        ApiResponse alices = post(TestEnvironment.tokenA(), "/api/v1/exec", key, body);
        ApiResponse bobs = post(TestEnvironment.tokenB(), "/api/v1/exec", key, body);
        assertEquals(202, bobs.status(), bobs::toString);
        assertNotEquals(alices.json().getString("id"), bobs.json().getString("id"));
    }

    @Test
    void aRejectedRequestIsNotRememberedAndAnOverlongKeyIs400() throws Exception {
        String key = "key-" + UUID.randomUUID();
        assertEquals(400, post(TestEnvironment.tokenA(), "/api/v1/exec", key, "{\"command\":\"x\",\"timeoutMs\":0}").status());
        assertEquals(202, post(TestEnvironment.tokenA(), "/api/v1/exec", key, ExecRequest.command("true").json()).status());
        ApiResponse tooLong = post(TestEnvironment.tokenA(), "/api/v1/exec", "k".repeat(256), ExecRequest.command("true").json());
        assertEquals(400, tooLong.status(), tooLong::toString);
        assertEquals("Idempotency-Key", tooLong.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }

    @Test
    void aRepeatedProcessStartStartsOneProcess() throws Exception {
        String sandbox = TestEnvironment.sandboxId("idem-proc");
        String key = "key-" + UUID.randomUUID();
        String body = "{\"command\":\"sleep 30\"}";
        ApiResponse first = post(TestEnvironment.tokenA(), "/api/v1/sandboxes/" + sandbox + "/processes", key, body);
        ApiResponse second = post(TestEnvironment.tokenA(), "/api/v1/sandboxes/" + sandbox + "/processes", key, body);
        assertEquals(202, first.status(), first::toString);
        assertEquals(202, second.status(), second::toString);
        assertEquals(first.json().getString("id"), second.json().getString("id"));
        assertEquals(1, dev.boxcar.it.support.RawApi.tenantA().get("/api/v1/sandboxes/" + sandbox + "/processes")
                .json().getJsonArray("items").size());
        dev.boxcar.it.support.RawApi.tenantA().delete("/api/v1/sandboxes/" + sandbox + "/processes/"
                + first.json().getString("id") + "?signal=KILL");
    }

    private static ApiResponse post(String token, String path, String key, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(TestEnvironment.apiUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new ApiResponse(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Location").orElse(null), response.body());
    }
}
