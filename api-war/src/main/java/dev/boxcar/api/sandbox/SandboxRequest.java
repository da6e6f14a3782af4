package dev.boxcar.api.sandbox;

import dev.boxcar.api.json.FieldErrors;
import dev.boxcar.api.json.ObjectReader;
import dev.boxcar.core.sandbox.SandboxConfig;
import dev.boxcar.core.sandbox.SandboxDefaults;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The body of {@code PUT /sandboxes/{id}}: every field optional. Fields left out take the
 * defaults on creation and are not compared with an existing sandbox.
 */
public record SandboxRequest(String image, Map<String, String> env, Integer memoryMb, Double cpus, Integer pids,
                             String network, String user, Integer idleTimeoutSeconds) {

    private static final Set<String> FIELDS = Set.of("image", "env", "memoryMb", "cpus", "pids", "network", "user",
            "idleTimeoutSeconds");

    public static SandboxRequest empty() {
        return new SandboxRequest(null, null, null, null, null, null, null, null);
    }

    /** Reads and validates; {@code images} is the server's allow-list of image names. */
    public static SandboxRequest read(JsonObject body, Set<String> images) {
        FieldErrors errors = new FieldErrors();
        ObjectReader r = new ObjectReader(body, "", errors, FIELDS);
        SandboxRequest request = new SandboxRequest(
                r.oneOf("image", images),
                r.stringMap("env"),
                toInt(r.wholeNumber("memoryMb", SandboxDefaults.MEMORY_MB_MIN, SandboxDefaults.MEMORY_MB_MAX)),
                r.decimal("cpus", SandboxDefaults.CPUS_MIN, SandboxDefaults.CPUS_MAX),
                toInt(r.wholeNumber("pids", SandboxDefaults.PIDS_MIN, SandboxDefaults.PIDS_MAX)),
                r.oneOf("network", Set.of("none", "bridge")),
                r.oneOf("user", Set.of("sandbox", "root")),
                toInt(r.wholeNumber("idleTimeoutSeconds", SandboxDefaults.IDLE_TIMEOUT_MIN, SandboxDefaults.IDLE_TIMEOUT_MAX)));
        EnvNames.check(request.env, "env", errors);
        errors.throwIfAny();
        return request;
    }

    public SandboxConfig toConfig() {
        SandboxConfig d = SandboxConfig.defaults();
        return new SandboxConfig(
                image != null ? image : d.image(),
                env != null ? env : d.env(),
                memoryMb != null ? memoryMb : d.memoryMb(),
                cpus != null ? cpus : d.cpus(),
                pids != null ? pids : d.pids(),
                network != null ? network : d.network(),
                user != null ? user : d.user(),
                idleTimeoutSeconds != null ? idleTimeoutSeconds : d.idleTimeoutSeconds());
    }

    /** The fields given here whose value differs from {@code existing}'s configuration. */
    public List<String> differencesFrom(SandboxConfig existing) {
        List<String> differ = new ArrayList<>();
        compare(differ, "image", image, existing.image());
        compare(differ, "env", env, existing.env());
        compare(differ, "memoryMb", memoryMb, existing.memoryMb());
        if (cpus != null && Double.compare(Math.round(cpus * 100) / 100.0, existing.cpus()) != 0) {
            differ.add("cpus");
        }
        compare(differ, "pids", pids, existing.pids());
        compare(differ, "network", network, existing.network());
        compare(differ, "user", user, existing.user());
        compare(differ, "idleTimeoutSeconds", idleTimeoutSeconds, existing.idleTimeoutSeconds());
        return differ;
    }

    private static void compare(List<String> differ, String field, Object given, Object existing) {
        if (given != null && !Objects.equals(given, existing)) {
            differ.add(field);
        }
    }

    private static Integer toInt(Long value) {
        return value == null ? null : value.intValue();
    }
}
