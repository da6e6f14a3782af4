package dev.boxcar.worker.container;

import com.github.dockerjava.api.DockerClient;
import dev.boxcar.worker.WorkerConfig;
import java.util.Locale;

/**
 * The id of the Docker host a worker drives (API.md "Hosts"): {@code BOXCAR_HOST_ID}, else the
 * engine's own ID, so that every worker of one engine (compose replicas, several processes)
 * names the same host without being told.
 */
public final class HostIds {
    private HostIds() {
    }

    public static String of(WorkerConfig config, DockerClient docker) {
        if (config.hostId() != null) {
            return config.hostId();
        }
        String engineId = docker.infoCmd().exec().getId();
        if (engineId == null || engineId.isBlank()) {
            throw new IllegalStateException("the Docker engine at " + config.dockerHost() + " reports no ID; set BOXCAR_HOST_ID");
        }
        // Older engines report "ABCD:EFGH:...": keep what a message selector and a label take.
        String id = "engine-" + engineId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return id.length() > 128 ? id.substring(0, 128) : id;
    }
}
