package dev.boxcar.worker.container;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.nio.file.Path;
import java.util.List;

/**
 * The container hardening of DESIGN.md "Containers" in one place: every capability dropped (a
 * root sandbox gets back only what package managers need), no-new-privileges, the default seccomp
 * profile, a pids limit, memory with swap equal to it, a CPU quota, an init process, network
 * {@code none} unless asked (and then a bridge without inter-container traffic), and no Docker socket: only the agent binary (read-only) and the
 * agent's socket folder are mounted.
 */
final class HardenedHostConfig {
    static final String AGENT_PATH = "/opt/boxcar/boxcar-agent";
    static final String SOCKET_FOLDER = "/run/boxcar";
    static final String SOCKET_NAME = "agent.sock";

    /** What apt-get and dpkg need as root inside the container: files they own, and dropping to _apt. */
    private static final Capability[] ROOT_SANDBOX_CAPABILITIES = {
        Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.FOWNER, Capability.FSETID,
        Capability.SETUID, Capability.SETGID, Capability.KILL,
    };

    private HardenedHostConfig() {
    }

    static HostConfig build(ContainerLimits limits, Path agentBinary, Path socketFolder) {
        long memoryBytes = limits.memoryMb() * 1024L * 1024L;
        HostConfig host = HostConfig.newHostConfig()
                .withBinds(
                        new Bind(agentBinary.toString(), new Volume(AGENT_PATH), AccessMode.ro),
                        new Bind(socketFolder.toString(), new Volume(SOCKET_FOLDER), AccessMode.rw))
                .withInit(true)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withPidsLimit((long) limits.pids())
                .withMemory(memoryBytes)
                .withMemorySwap(memoryBytes)
                .withNanoCPUs(Math.round(limits.cpus() * 1_000_000_000L))
                .withNetworkMode("bridge".equals(limits.network()) ? ContainerManager.ISOLATED_BRIDGE : "none");
        if (limits.root()) {
            host.withCapAdd(ROOT_SANDBOX_CAPABILITIES);
        }
        return host;
    }
}
