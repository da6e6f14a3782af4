package dev.boxcar.api.sandbox;

import dev.boxcar.core.json.Timestamps;
import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.core.sandbox.SandboxConfig;
import java.util.Map;

/** API.md "Sandbox" as the API shows it; {@code host}: the Docker host it lives on (API.md "Hosts"). */
public record SandboxView(String id, String image, String status, Map<String, String> env, int memoryMb, double cpus,
                          int pids, String network, String user, int idleTimeoutSeconds, String createdAt,
                          String lastUsedAt, String error, String host) {

    public static SandboxView of(Sandbox sandbox) {
        SandboxConfig c = sandbox.config();
        return new SandboxView(sandbox.getSandboxId(), c.image(), sandbox.getStatus(), c.env(), c.memoryMb(), c.cpus(),
                c.pids(), c.network(), c.user(), c.idleTimeoutSeconds(), Timestamps.format(sandbox.getCreatedAt()),
                Timestamps.format(sandbox.getLastUsedAt()), sandbox.getError(), sandbox.getHostId());
    }
}
