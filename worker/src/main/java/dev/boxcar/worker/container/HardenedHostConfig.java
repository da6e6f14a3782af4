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

    /**
     * The places a throw-away job's user can write (as {@code find / -xdev -writable} lists them in
     * the default image; {@code /var/lock} links to {@code /run/lock}). The root file system is
     * read-only, and each of these is a volume of the container's own, which Docker fills with the
     * image's content (the home's dot files) and removes with the container: what a job can write is
     * on disk, as in the image's layer, and the agent can bring it back between jobs (README
     * "Reusing throw-away containers").
     */
    static final List<String> THROWAWAY_WRITABLE = List.of("/workspace", "/home/sandbox", "/tmp", "/var/tmp",
            "/run/lock");
    /** What the agent brings back between jobs: the writable volumes and Docker's {@code /dev/shm}. */
    static final List<String> THROWAWAY_RESET_PLACES = java.util.stream.Stream.concat(THROWAWAY_WRITABLE.stream(),
            java.util.stream.Stream.of("/dev/shm")).toList();
    /** The agent's start journal on a read-only root: container root's alone, never reset. */
    private static final String AGENT_JOURNAL = "/var/lib/boxcar-agent";

    /** Makes a throw-away container resettable: a read-only root (its writable volumes: {@link #THROWAWAY_WRITABLE}). */
    static HostConfig resettable(HostConfig host) {
        return host.withReadonlyRootfs(true)
                .withTmpFs(Map.of(AGENT_JOURNAL, "rw,noexec,nosuid,nodev,size=16m,mode=0700"));
    }

    static Volume[] throwawayVolumes() {
        return THROWAWAY_WRITABLE.stream().map(Volume::new).toArray(Volume[]::new);
    }

    /**
     * The container's command: the agent as container root, running commands as {@code uid};
     * a resettable container's agent records its writable places before the first job.
     */
    static String[] agentEntrypoint(ContainerLimits limits, boolean resettable) {
        List<String> command = new java.util.ArrayList<>(List.of(AGENT_PATH, "-socket", SOCKET_FOLDER + "/" + SOCKET_NAME,
                "-user", String.valueOf(limits.root() ? 0 : SANDBOX_UID), "-contained"));
        if (resettable) {
            command.addAll(List.of("-reusable", String.join(":", THROWAWAY_RESET_PLACES)));
        }
        return command.toArray(String[]::new);
    }
}
