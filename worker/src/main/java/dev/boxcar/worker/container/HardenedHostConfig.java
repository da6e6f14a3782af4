package dev.boxcar.worker.container;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Volume;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The container hardening of the team's design notes (../shared/DESIGN.md "Containers"; README
 * "Security model" says what each measure is for) in one place: every capability dropped (a
 * root sandbox gets back only what package managers need), no-new-privileges, the default seccomp
 * profile, a pids limit, memory with swap equal to it, a CPU quota, an init process, network
 * {@code none} unless asked (and then a bridge without inter-container traffic), bounded logs, and
 * no Docker socket: only the agent binary (read-only) and the agent's socket folder are mounted.
 *
 * <p>The agent runs as container root (an unprivileged host uid: the engine remaps user
 * namespaces) with the capabilities it needs to run commands as the sandbox user and to end them:
 * SETUID/SETGID (drop to the user, give each command its tag group), KILL (end the user's
 * processes) and DAC_OVERRIDE (set a started command's oom_score_adj). A non-root process loses
 * every capability at exec, so code running as the sandbox user has none of them.
 */
final class HardenedHostConfig {
    static final String AGENT_PATH = "/opt/boxcar/boxcar-agent";
    static final String SOCKET_FOLDER = "/run/boxcar";
    static final String SOCKET_NAME = AgentSocketFolders.SOCKET_NAME;
    static final int SANDBOX_UID = 1000;

    private static final Capability[] AGENT_CAPABILITIES = {
        Capability.SETUID, Capability.SETGID, Capability.KILL, Capability.DAC_OVERRIDE,
    };

    /** Output of PID 1 (the agent's own log lines) is kept, but never more than this. */
    private static final LogConfig BOUNDED_LOG = new LogConfig(LogConfig.LoggingType.JSON_FILE,
            Map.of("max-size", "256k", "max-file", "1"));

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
                .withLogConfig(BOUNDED_LOG)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withPidsLimit((long) limits.pids())
                .withMemory(memoryBytes)
                .withMemorySwap(memoryBytes)
                .withNanoCPUs(Math.round(limits.cpus() * 1_000_000_000L))
                .withNetworkMode("bridge".equals(limits.network()) ? ContainerManager.ISOLATED_BRIDGE : "none");
        host.withCapAdd(limits.root() ? ROOT_SANDBOX_CAPABILITIES : AGENT_CAPABILITIES);
        return host;
    }

    /** The container's command: the agent as container root, running commands as {@code uid}. */
    static String[] agentEntrypoint(ContainerLimits limits) {
        return new String[] {AGENT_PATH, "-socket", SOCKET_FOLDER + "/" + SOCKET_NAME,
            "-user", String.valueOf(limits.root() ? 0 : SANDBOX_UID), "-contained"};
    }
}
