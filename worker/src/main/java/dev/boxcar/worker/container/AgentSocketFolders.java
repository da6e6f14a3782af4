package dev.boxcar.worker.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host folders, one per container, in which agents listen (README "Security model", P1).
 *
 * <p>A folder is <em>open</em> only while its container starts: owned by the container's root
 * (an unprivileged host uid under user-namespace remapping) so the new agent can bind its socket,
 * and nothing else runs in the container yet. Once the agent answers, the worker <em>locks</em>
 * it: owned by host root, mode 0700. Host root is not mapped into the container's user namespace,
 * so from then on nothing inside, not even container root with CAP_DAC_OVERRIDE, can enter the
 * folder, connect to the agent, or put a link, a socket or anything else where the agent's
 * socket is. The worker only talks to agents whose folder is locked, and checks that the socket
 * is a socket (not a link) owned by container root; it never follows a link there.
 *
 * <p>The folders live on a {@code nosuid,nodev,noexec} file system (the socket root is checked at
 * start-up), so nothing placed there while a folder is open can gain privileges.
 */
public final class AgentSocketFolders {
    private static final Logger LOG = LoggerFactory.getLogger(AgentSocketFolders.class);
    public static final String SOCKET_NAME = "agent.sock";
    private static final int S_IFMT = 0xF000;
    private static final int S_IFSOCK = 0xC000;
    private static final int S_IFDIR = 0x4000;

    private final Path root;
    private final int containerRootUid;

    public AgentSocketFolders(Path root, int containerRootUid) {
        this.root = root;
        this.containerRootUid = containerRootUid;
    }

    public Path folderOf(String containerName) {
        return root.resolve(containerName);
    }

    public Path socketOf(String containerName) {
        return folderOf(containerName).resolve(SOCKET_NAME);
    }

    /**
     * Opens the folder for an agent about to start (its container must not run): emptied, owned by
     * container root, 0700.
     */
    public void open(Path folder) throws ContainerException {
        try {
            delete(folder);
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            Files.setAttribute(folder, "unix:uid", containerRootUid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(folder, "unix:gid", containerRootUid, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            throw new ContainerException("cannot prepare the agent socket folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Locks the folder after its agent started listening, and checks what the agent left there:
     * a socket owned by container root.
     */
    public void lock(Path folder) throws ContainerException {
        try {
            Files.setAttribute(folder, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(folder, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new ContainerException("cannot lock the agent socket folder " + folder + ": " + e.getMessage(), e);
        }
        if (!isTrusted(folder)) {
            throw new ContainerException("the agent socket folder " + folder + " does not hold the agent's socket");
        }
    }

    /**
     * True when the folder is locked (a real folder, owned by host root, closed to everyone else)
     * and holds a socket (not a link) owned by container root: then the socket is its agent's.
     */
    public boolean isTrusted(Path folder) {
        try {
            // One lstat each: the folder's and the socket's owner and mode.
            Map<String, Object> dir = Files.readAttributes(folder, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            Map<String, Object> socket = Files.readAttributes(folder.resolve(SOCKET_NAME), "unix:uid,mode",
                    LinkOption.NOFOLLOW_LINKS);
            int dirMode = (Integer) dir.get("mode");
            return (dirMode & S_IFMT) == S_IFDIR && (dirMode & 0777) == 0700 && Integer.valueOf(0).equals(dir.get("uid"))
                    && ((Integer) socket.get("mode") & S_IFMT) == S_IFSOCK
                    && Integer.valueOf(containerRootUid).equals(socket.get("uid"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the folder and what is in it, never following a link. */
    public void delete(Path folder) {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", folder, e.getMessage());
        }
    }
}
