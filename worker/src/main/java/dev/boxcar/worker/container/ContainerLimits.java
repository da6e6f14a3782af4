package dev.boxcar.worker.container;

import dev.boxcar.core.sandbox.SandboxConfig;
import java.util.Map;

/** What a container may use and who it runs as; from a sandbox's configuration or a throw-away job. */
public record ContainerLimits(String imageName, Map<String, String> env, int memoryMb, double cpus, int pids,
                              String network, boolean root) {

    public static ContainerLimits of(SandboxConfig config) {
        return new ContainerLimits(config.image(), config.env(), config.memoryMb(), config.cpus(), config.pids(),
                config.network(), config.runsAsRoot());
    }
}
