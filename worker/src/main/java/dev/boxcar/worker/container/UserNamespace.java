package dev.boxcar.worker.container;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which host uid container root is. Boxcar refuses an engine without user-namespace remapping
 * (README "Security model", P4): with it, container root and the sandbox user are host uids that
 * no host account uses, so even a root sandbox is nobody on the host.
 */
public final class UserNamespace {
    private UserNamespace() {
    }

    /**
     * The host uid of container root: {@code configured} when set, else the first id of the
     * engine's remap range ({@code dockremap} in /etc/subuid, the user {@code --userns-remap=default}
     * creates).
     */
    public static int containerRootUid(DockerClient docker, Integer configured) {
        List<String> options = docker.infoCmd().exec().getSecurityOptions();
        boolean remapped = options != null && options.stream().anyMatch(o -> o.contains("name=userns"));
        if (!remapped) {
            throw new IllegalStateException("the Docker engine does not use user-namespace remapping, so container "
                    + "root would be host root; start dockerd with --userns-remap=default (README \"Security model\")");
        }
        if (configured != null) {
            return configured;
        }
        try {
            return Files.readAllLines(Path.of("/etc/subuid")).stream()
                    .map(line -> line.split(":"))
                    .filter(f -> f.length == 3 && f[0].equals("dockremap"))
                    .map(f -> Integer.parseInt(f[1].trim()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("/etc/subuid has no dockremap range; set "
                            + "BOXCAR_CONTAINER_ROOT_UID to the first host uid of the engine's remap range"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /etc/subuid (" + e.getMessage() + "); set BOXCAR_CONTAINER_ROOT_UID", e);
        }
    }

    /** Fails unless the socket root is mounted nosuid and nodev (what is bind-mounted into containers). */
    public static void requireNosuidNodev(Path socketRoot) {
        try {
            String best = null;
            String bestOptions = "";
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                String mountPoint = fields[4].replace("\\040", " ");
                if (socketRoot.toString().equals(mountPoint) || socketRoot.startsWith(mountPoint)) {
                    if (best == null || mountPoint.length() >= best.length()) {
                        best = mountPoint;
                        bestOptions = fields[5];
                    }
                }
            }
            List<String> options = List.of(bestOptions.split(","));
            if (!options.contains("nosuid") || !options.contains("nodev")) {
                throw new IllegalStateException("BOXCAR_AGENT_SOCKET_DIR " + socketRoot + " is on a mount without "
                        + "nosuid,nodev (" + best + ": " + bestOptions + "); mount a tmpfs there: mount -t tmpfs -o "
                        + "nosuid,nodev,noexec,mode=0711 boxcar-agents " + socketRoot);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
        }
    }
}
