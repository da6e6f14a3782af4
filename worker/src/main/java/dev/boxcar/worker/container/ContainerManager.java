package dev.boxcar.worker.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Volume;
import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.core.sandbox.SandboxStatus;
import dev.boxcar.worker.WorkerConfig;
import dev.boxcar.worker.agent.AgentClient;
import dev.boxcar.worker.agent.AgentException;
import dev.boxcar.worker.agent.AgentRequest;
import dev.boxcar.worker.agent.AgentResponse;
import dev.boxcar.worker.metrics.WorkerMetrics;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, starts and removes the containers jobs run in. A sandbox's container is found by its
 * name, and creating by name is the lock between workers: the loser of a race finds the winner's
 * container. Each container gets the agent and a socket folder of its own, which is locked once
 * the agent listens ({@link AgentSocketFolders}).
 */
public final class ContainerManager {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerManager.class);
    private static final long AGENT_START_DEADLINE_MS = 20_000;
    /** A reset that takes longer has a lot to remove: the container is not worth keeping. */
    private static final java.time.Duration RESET_DEADLINE = java.time.Duration.ofSeconds(10);

    private final DockerClient docker;
    private final WorkerConfig config;
    private final AgentClient agent;
    private final AgentSocketFolders folders;

    public ContainerManager(DockerClient docker, WorkerConfig config, AgentClient agent, AgentSocketFolders folders) {
        this.docker = docker;
        this.config = config;
        this.agent = agent;
        this.folders = folders;
    }

    /**
     * The network of {@code bridge} sandboxes: outbound access, but inter-container traffic is
     * off (ICC disabled), so bridge sandboxes cannot reach one another.
     */
    public static final String ISOLATED_BRIDGE = "boxcar-isolated";

    /**
     * Creates the isolated bridge network once. The engine does not refuse a second network of
     * the same name (two workers starting together made two, and a name shared by two networks
     * cannot be used), so after creating, every worker keeps the oldest and removes the others.
     */
    public void prepareNetworks() {
        if (isolatedBridges().isEmpty()) {
            try {
                docker.createNetworkCmd()
                        .withName(ISOLATED_BRIDGE)
                        .withDriver("bridge")
                        .withCheckDuplicate(true)
                        .withOptions(Map.of("com.docker.network.bridge.enable_icc", "false"))
                        .withLabels(Map.of("boxcar.managed", "true"))
                        .exec();
            } catch (ConflictException raceLost) {
                LOG.debug("network {} was created by another worker", ISOLATED_BRIDGE);
            }
        }
        List<com.github.dockerjava.api.model.Network> bridges = isolatedBridges();
        bridges.stream().sorted(Comparator.comparing(com.github.dockerjava.api.model.Network::getCreated)
                        .thenComparing(com.github.dockerjava.api.model.Network::getId))
                .skip(1)
                .forEach(extra -> {
                    try {
                        docker.removeNetworkCmd(extra.getId()).exec();
                    } catch (DockerException alreadyGone) {
                        LOG.debug("duplicate network {} already removed", extra.getId());
                    }
                });
    }

    private List<com.github.dockerjava.api.model.Network> isolatedBridges() {
        return docker.listNetworksCmd().withNameFilter(ISOLATED_BRIDGE).exec().stream()
                .filter(n -> ISOLATED_BRIDGE.equals(n.getName()))
                .toList();
    }

    public static String sandboxContainerName(UUID sandboxPk) {
        return "boxcar-sb-" + sandboxPk;
    }

    /**
     * The sandbox's container, created and started when needed, with its agent answering behind a
     * locked socket folder. A running container whose folder is not locked (its starter died
     * before locking it) or whose agent does not answer is not trusted: it is restarted.
     */
    public RunningContainer ensureSandbox(Sandbox sandbox) throws ContainerException {
        String name = sandboxContainerName(sandbox.getPk());
        Path folder = folders.folderOf(name);
        Path socket = folders.socketOf(name);
        ContainerLimits limits = ContainerLimits.of(sandbox.config());
        try {
            // A sandbox that never had a container goes straight to creating one.
            InspectContainerResponse existing = SandboxStatus.PENDING.equals(sandbox.getStatus()) ? null : inspect(name);
            String id;
            if (existing == null) {
                folders.open(folder);
                try {
                    id = create(name, limits, folder, Map.of(
                            "boxcar.kind", "sandbox",
                            "boxcar.tenant", sandbox.getTenant(),
                            "boxcar.sandbox", sandbox.getSandboxId(),
                            "boxcar.sandbox-pk", sandbox.getPk().toString()), false);
                } catch (ConflictException leftOver) {
                    // A container of an earlier attempt (jobs of one sandbox run one at a time).
                    existing = inspect(name);
                    if (existing == null) {
                        throw new ContainerException("the sandbox container disappeared while it was being created");
                    }
                    id = existing.getId();
                    stopQuietly(id);
                    folders.open(folder);
                }
            } else {
                id = existing.getId();
                boolean running = Boolean.TRUE.equals(existing.getState().getRunning());
                if (running && folders.isTrusted(folder) && agent.answers(socket)) {
                    return new RunningContainer(id, name, socket);
                }
                if (running) {
                    LOG.warn("sandbox container {} runs without a locked, answering agent: restarting it", name);
                    stopQuietly(id);
                }
                folders.open(folder);
            }
            startAndLock("sandbox", id, folder, socket);
            return new RunningContainer(id, name, socket);
        } catch (DockerException e) {
            throw new ContainerException("Docker could not run the sandbox container: " + e.getMessage(), e);
        }
    }

    /**
     * The sandbox's recorded container when its agent answers right now behind a locked folder
     * (so it runs and is trusted), without a call to Docker; empty when it must be looked at
     * ({@link #ensureSandbox}).
     */
    public Optional<RunningContainer> answeringSandbox(Sandbox sandbox) {
        return recordedSandbox(sandbox).filter(container -> agent.answers(container.agentSocket()));
    }

    /**
     * The sandbox's recorded container, presumed to run because its socket folder is locked and
     * holds its agent's socket (two lstat calls, no call to Docker or the agent): for a job whose
     * first agent call tells, by {@link dev.boxcar.worker.agent.AgentUnreachableException}, when
     * the presumption was wrong.
     */
    public Optional<RunningContainer> recordedSandbox(Sandbox sandbox) {
        return recordedSandbox(sandbox.getPk(), sandbox.getContainerId());
    }

    /** {@link #recordedSandbox(Sandbox)} for the sandbox {@code sandboxPk} whose record names {@code containerId}. */
    public Optional<RunningContainer> recordedSandbox(UUID sandboxPk, String containerId) {
        String name = sandboxContainerName(sandboxPk);
        Path socket = folders.socketOf(name);
        return folders.isTrusted(socket.getParent())
                ? Optional.of(new RunningContainer(containerId, name, socket))
                : Optional.empty();
    }

    /**
     * A fresh throw-away container; remove it with {@link #remove}. {@code owner} ("job" or "pool")
     * is a label naming {@code ownerId}, with this worker's id, so orphans of dead workers can be
     * found. Its name is its own (not the job's): a container that serves several jobs
     * ({@code resettable}, README "Reusing throw-away containers") outlives the first one.
     */
    public RunningContainer startThrowaway(UUID ownerId, ContainerLimits limits, String owner, boolean resettable)
            throws ContainerException {
        String name = "boxcar-tmp-" + UUID.randomUUID();
        Map<String, String> labels = Map.of("boxcar.kind", "throwaway", "boxcar." + owner, ownerId.toString(),
                "boxcar.worker", config.workerId());
        Path folder = folders.folderOf(name);
        Path socket = folders.socketOf(name);
        try {
            folders.open(folder);
            String id = create(name, limits, folder, labels, resettable);
            RunningContainer container = new RunningContainer(id, name, socket);
            try {
                startAndLock("throwaway", id, folder, socket);
                return container;
            } catch (ContainerException | RuntimeException e) {
                remove(container);
                throw e;
            }
        } catch (DockerException e) {
            throw new ContainerException("Docker could not run the job's container: " + e.getMessage(), e);
        }
    }

    /**
     * Where a sandbox's agent listens, when its folder is locked (so the socket there is its
     * agent's); empty while the container is not trusted or has never run.
     */
    public Optional<Path> agentSocketOfSandbox(UUID sandboxPk) {
        String name = sandboxContainerName(sandboxPk);
        return folders.isTrusted(folders.folderOf(name)) ? Optional.of(folders.socketOf(name)) : Optional.empty();
    }

    public boolean isSandboxRunning(UUID sandboxPk) {
        InspectContainerResponse state = inspect(sandboxContainerName(sandboxPk));
        return state != null && Boolean.TRUE.equals(state.getState().getRunning());
    }

    /** Removes a sandbox's container with everything running in it, and its socket folder. */
    public void destroySandbox(UUID sandboxPk) {
        String name = sandboxContainerName(sandboxPk);
        removeQuietly(name);
        folders.delete(folders.folderOf(name));
    }

    /** Stops an idle sandbox's container; its files stay, and the next job starts it again. */
    public void stopSandbox(UUID sandboxPk) {
        try {
            docker.stopContainerCmd(sandboxContainerName(sandboxPk)).withTimeout(2).exec();
        } catch (NotFoundException | NotModifiedException alreadyStopped) {
            LOG.debug("sandbox {} container already stopped or gone", sandboxPk);
        }
    }

    /**
     * Removes throw-away containers whose worker is not among {@code liveWorkers} (it died
     * between starting and removing them).
     */
    public int removeOrphanedThrowaways(java.util.Set<String> liveWorkers) {
        int removed = 0;
        for (var container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("boxcar.kind", "throwaway")).exec()) {
            String owner = container.getLabels().get("boxcar.worker");
            if (owner != null && !liveWorkers.contains(owner)) {
                removeQuietly(container.getId());
                folders.delete(folders.folderOf(container.getNames()[0].replaceFirst("^/", "")));
                removed++;
            }
        }
        return removed;
    }

    /** The sandbox primary keys of the sandbox containers on this engine, running or not. */
    public java.util.Map<java.util.UUID, String> sandboxContainers() {
        java.util.Map<java.util.UUID, String> found = new java.util.HashMap<>();
        for (var container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("boxcar.kind", "sandbox")).exec()) {
            String pk = container.getLabels().get("boxcar.sandbox-pk");
            if (pk != null) {
                found.put(java.util.UUID.fromString(pk), container.getId());
            }
        }
        return found;
    }

    /** Removes a sandbox container that belongs elsewhere now, and its socket folder. */
    public void removeSandboxContainer(java.util.UUID sandboxPk, String containerId) {
        removeQuietly(containerId);
        folders.delete(folders.folderOf(sandboxContainerName(sandboxPk)));
    }

    /**
     * Asks a throw-away container's agent to bring it back to how it was before its first job
     * (README "Reusing throw-away containers"); false when it could not, or found anything left.
     */
    public boolean resetForReuse(RunningContainer container) {
        boolean reusable;
        try {
            AgentResponse.Reset reset = agent.call(container.agentSocket(), AgentRequest.reset(), RESET_DEADLINE).reset();
            reusable = reset.reusable();
            if (!reusable) {
                LOG.info("throw-away container {} is not reused: {}", container.name(), reset.reason());
            }
        } catch (AgentException e) {
            LOG.info("throw-away container {} is not reused: its reset failed: {}", container.name(), e.getMessage());
            reusable = false;
        }
        WorkerMetrics.throwawayReset(reusable);
        return reusable;
    }

    public void remove(RunningContainer container) {
        removeQuietly(container.id());
        folders.delete(container.agentSocket().getParent());
    }

    /**
     * Starts a container whose folder is open, waits for its agent, then locks the folder. A
     * container that does not get that far is stopped: it must not run with an open folder.
     */
    private void startAndLock(String kind, String containerId, Path folder, Path socket) throws ContainerException {
        long started = System.nanoTime();
        boolean ok = false;
        try {
            start(containerId);
            awaitAgent(containerId, socket);
            folders.lock(folder);
            ok = true;
        } catch (ContainerException | RuntimeException e) {
            stopAfterFailure(containerId);
            throw e;
        } finally {
            WorkerMetrics.containerStarted(kind, ok, java.time.Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** {@code resettable}: a throw-away container that may serve several jobs of its tenant. */
    private String create(String name, ContainerLimits limits, Path socketFolder, Map<String, String> kindLabels,
                          boolean resettable) throws ContainerException {
        String image = config.sandboxImages().get(limits.imageName());
        if (image == null) {
            throw new ContainerException("image '" + limits.imageName() + "' is not in this server's allow-list");
        }
        Map<String, String> labels = new java.util.HashMap<>(kindLabels);
        labels.put("boxcar.managed", "true");
        List<String> env = new ArrayList<>();
        limits.env().forEach((k, v) -> env.add(k + "=" + v));
        com.github.dockerjava.api.model.HostConfig host =
                HardenedHostConfig.build(limits, config.agentBinary(), socketFolder);
        try {
            return docker.createContainerCmd(image)
                    .withName(name)
                    .withLabels(labels)
                    .withUser("0:0")
                    .withEnv(env)
                    .withWorkingDir("/workspace")
                    .withEntrypoint(HardenedHostConfig.agentEntrypoint(limits, resettable))
                    .withCmd(List.of())
                    .withVolumes(resettable ? HardenedHostConfig.throwawayVolumes() : new Volume[0])
                    .withHostConfig(resettable ? HardenedHostConfig.resettable(host) : host)
                    .exec()
                    .getId();
        } catch (NotFoundException e) {
            throw new ContainerException("image " + image + " is not on the Docker engine; build it with "
                    + "'./boxcar up' (or sandbox-image/build-local.sh)", e);
        }
    }

    private void start(String containerId) throws ContainerException {
        try {
            docker.startContainerCmd(containerId).exec();
        } catch (NotModifiedException alreadyRunning) {
            LOG.debug("container {} was already running", containerId);
        }
    }

    /**
     * Waits for the agent of a container just started: a look at its socket every few
     * milliseconds (it answers tens of milliseconds after the start), and at the container itself
     * every quarter second, in case it died instead.
     */
    private void awaitAgent(String containerId, Path socket) throws ContainerException {
        long deadline = System.currentTimeMillis() + AGENT_START_DEADLINE_MS;
        long nextContainerCheck = System.currentTimeMillis() + 250;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS) && agent.answers(socket)) {
                return;
            }
            if (System.currentTimeMillis() >= nextContainerCheck) {
                InspectContainerResponse state = inspect(containerId);
                if (state == null || !Boolean.TRUE.equals(state.getState().getRunning())) {
                    throw new ContainerException("the container stopped before its agent answered (exit code "
                            + (state == null ? "unknown" : state.getState().getExitCodeLong()) + ")");
                }
                nextContainerCheck = System.currentTimeMillis() + 250;
            }
            sleep(3);
        }
        throw new ContainerException("the agent in the container did not answer within "
                + AGENT_START_DEADLINE_MS / 1000 + " s");
    }

    private InspectContainerResponse inspect(String nameOrId) {
        try {
            return docker.inspectContainerCmd(nameOrId).exec();
        } catch (NotFoundException e) {
            return null;
        }
    }

    private void removeQuietly(String nameOrId) {
        try {
            docker.removeContainerCmd(nameOrId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            LOG.debug("container {} was already gone", nameOrId);
        } catch (DockerException e) {
            LOG.warn("could not remove container {}: {}", nameOrId, e.getMessage());
        }
    }

    private void stopQuietly(String nameOrId) {
        try {
            docker.stopContainerCmd(nameOrId).withTimeout(1).exec();
        } catch (NotFoundException | NotModifiedException alreadyStopped) {
            LOG.debug("container {} already stopped or gone", nameOrId);
        }
    }

    /**
     * Stops a container whose start failed, keeping the start's error as the one reported: an
     * engine that did not answer the start will not answer this either.
     */
    private void stopAfterFailure(String containerId) {
        try {
            stopQuietly(containerId);
        } catch (DockerException e) {
            LOG.warn("could not stop container {} after its start failed: {}", containerId, e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
