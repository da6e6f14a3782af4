package dev.boxcar.core.sandbox;

import dev.boxcar.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** A sandbox's configuration, fixed at creation (API.md "PUT /sandboxes/{id}"). */
public record SandboxConfig(
        String image,
        Map<String, String> env,
        int memoryMb,
        double cpus,
        int pids,
        String network,
        String user,
        int idleTimeoutSeconds) {

    public static SandboxConfig defaults() {
        return new SandboxConfig(SandboxDefaults.IMAGE, Map.of(), SandboxDefaults.MEMORY_MB, SandboxDefaults.CPUS,
                SandboxDefaults.PIDS, SandboxDefaults.NETWORK, SandboxDefaults.USER,
                SandboxDefaults.IDLE_TIMEOUT_SECONDS);
    }

    public boolean runsAsRoot() {
        return "root".equals(user);
    }

    String envJson() {
        return Json.write(env == null ? Map.of() : new LinkedHashMap<>(env));
    }

    static Map<String, String> envFromJson(String json) {
        Map<String, String> parsed = Json.readStringMap(json);
        return parsed == null ? Map.of() : parsed;
    }
}
