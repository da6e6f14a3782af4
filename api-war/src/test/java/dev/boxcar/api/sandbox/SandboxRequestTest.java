package dev.boxcar.api.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.boxcar.api.problem.FieldError;
import dev.boxcar.api.problem.ProblemException;
import dev.boxcar.core.sandbox.SandboxConfig;
import jakarta.json.Json;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SandboxRequestTest {
    private static final Set<String> IMAGES = Set.of("default");

    private static SandboxRequest read(String body) {
        return SandboxRequest.read(Json.createReader(new StringReader(body)).readObject(), IMAGES);
    }

    @Test
    void leftOutFieldsTakeTheDefaults() {
        assertEquals(SandboxConfig.defaults(), read("{}").toConfig());
    }

    @Test
    void onlyGivenFieldsAreComparedWithAnExistingSandbox() {
        SandboxConfig existing = read("{\"memoryMb\": 1024}").toConfig();
        assertEquals(List.of(), read("{}").differencesFrom(existing));
        assertEquals(List.of(), read("{\"memoryMb\": 1024, \"cpus\": 1.0}").differencesFrom(existing));
        assertEquals(List.of("memoryMb", "network"), read("{\"memoryMb\": 512, \"network\": \"bridge\"}").differencesFrom(existing));
        assertEquals(List.of("env"), read("{\"env\": {\"A\": \"1\"}}").differencesFrom(existing));
    }

    @Test
    void everyInvalidFieldIsNamed() {
        ProblemException problem = assertThrows(ProblemException.class, () -> read(
                "{\"cpus\": 0.05, \"pids\": 5000, \"user\": \"admin\", \"idleTimeoutSeconds\": 5, \"env\": {\"A=B\": \"x\"}}"));
        assertEquals(List.of("cpus", "pids", "user", "idleTimeoutSeconds", "env.A=B"),
                problem.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void envKeepsItsValues() {
        assertEquals(Map.of("K", "V"), read("{\"env\": {\"K\": \"V\"}}").toConfig().env());
    }
}
