package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.model.SandboxSpec;
import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The sandbox resource's answers: statuses, bodies and problems as the server sends them, hence
 * raw HTTP; the typed client only makes the sandboxes a test starts from.
 */
class SandboxIT {
    private final RawApi alice = RawApi.tenantA();
    private final RawApi bob = RawApi.tenantB();

    @Test
    void putCreatesWithDefaultsThenReturnsTheSameSandbox() {
        String id = TestEnvironment.sandboxId("put");
        ApiResponse created = alice.put("/api/v1/sandboxes/" + id, null);
        assertEquals(201, created.status(), created::toString);
        JsonObject sandbox = created.json();
        assertEquals(id, sandbox.getString("id"));
        assertEquals("default", sandbox.getString("image"));
        assertEquals("pending", sandbox.getString("status"));
        assertEquals(512, sandbox.getInt("memoryMb"));
        assertEquals(256, sandbox.getInt("pids"));
        assertEquals("none", sandbox.getString("network"));
        assertEquals("sandbox", sandbox.getString("user"));
        assertEquals(900, sandbox.getInt("idleTimeoutSeconds"));
        assertTrue(sandbox.getString("createdAt").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertTrue(sandbox.isNull("error"));

        ApiResponse again = alice.put("/api/v1/sandboxes/" + id, "{\"memoryMb\":512}");
        assertEquals(200, again.status(), again::toString);
        ApiResponse read = alice.get("/api/v1/sandboxes/" + id);
        assertEquals(200, read.status(), read::toString);
        assertEquals(id, read.json().getString("id"));
    }

    @Test
    void aDifferentConfigurationForAnExistingSandboxIs409() {
        String id = TestEnvironment.sandboxId("conflict");
        Clients.tenantA().sandboxes().create(id, SandboxSpec.builder().memoryMb(256).build());
        ApiResponse conflict = alice.put("/api/v1/sandboxes/" + id, "{\"memoryMb\":1024}");
        assertEquals(409, conflict.status(), conflict::toString);
        assertEquals("application/problem+json", conflict.contentType());
        assertTrue(conflict.json().getString("detail").contains("memoryMb"));
    }

    @Test
    void anotherTenantsSandboxDoesNotExistForYou() {
        String id = TestEnvironment.sandboxId("mine");
        Clients.tenantA().sandboxes().create(id);
        ApiResponse seenByBob = bob.get("/api/v1/sandboxes/" + id);
        assertEquals(404, seenByBob.status(), seenByBob::toString);
        // Bob's namespace is his own: the same id is a different, new sandbox.
        assertEquals(201, bob.put("/api/v1/sandboxes/" + id, null).status());
    }

    @Test
    void anIdThatBreaksTheRulesIs400NamingIt() {
        ApiResponse response = alice.put("/api/v1/sandboxes/Not_Valid", null);
        assertEquals(400, response.status(), response::toString);
        assertEquals("sandboxId", response.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }

    @Test
    void unknownFieldsAndOutOfRangeValuesAre400NamingEachField() {
        ApiResponse response = alice.put("/api/v1/sandboxes/" + TestEnvironment.sandboxId("bad"),
                "{\"memoryMb\": 10, \"pidz\": 3, \"network\": \"host\", \"image\": \"ubuntu\"}");
        assertEquals(400, response.status(), response::toString);
        String fields = response.json().getJsonArray("errors").toString();
        assertTrue(fields.contains("\"memoryMb\""), fields);
        assertTrue(fields.contains("\"pidz\""), fields);
        assertTrue(fields.contains("\"network\""), fields);
        assertTrue(fields.contains("\"image\""), fields);
        ApiResponse nothingMade = alice.get("/api/v1/sandboxes/" + TestEnvironment.sandboxId("bad"));
        assertEquals(404, nothingMade.status(), "a rejected request must change nothing");
    }

    @Test
    void malformedJsonIs400ProblemJson() {
        ApiResponse response = alice.put("/api/v1/sandboxes/" + TestEnvironment.sandboxId("json"), "{not json");
        assertEquals(400, response.status(), response::toString);
        assertEquals("application/problem+json", response.contentType());
    }

    @Test
    void aSandboxThatWasNeverMadeIs404() {
        ApiResponse response = alice.get("/api/v1/sandboxes/" + TestEnvironment.sandboxId("never"));
        assertEquals(404, response.status(), response::toString);
    }
}
