package dev.boxcar.worker.execution;

import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.core.json.Json;
import dev.boxcar.core.process.ProcessJobs;
import dev.boxcar.core.process.SandboxProcess;
import dev.boxcar.worker.agent.AgentClient;
import dev.boxcar.worker.agent.AgentException;
import dev.boxcar.worker.agent.RunLostException;
import dev.boxcar.worker.agent.AgentRequest;
import dev.boxcar.worker.agent.AgentResponse;
import dev.boxcar.worker.container.ContainerManager;
import dev.boxcar.worker.container.RunningContainer;
import dev.boxcar.worker.persistence.JobRepository;
import dev.boxcar.worker.persistence.ProcessRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code process.start} (in the sandbox's line) and {@code process.kill} (never waits in it).
 * The agent supervises the process; its record is kept true by {@link ProcessRefresher}.
 */
public final class ProcessJobHandler {
    private static final Duration AGENT_CALL = Duration.ofSeconds(15);
    /** TERM is followed by KILL after 5 s in the agent; wait a little longer for the end. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(8);

    private final JobRepository jobs;
    private final ProcessRepository processes;
    private final SandboxContainers sandboxContainers;
    private final ContainerManager containers;
    private final AgentClient agent;
    private final String workerId;

    public ProcessJobHandler(JobRepository jobs, ProcessRepository processes, SandboxContainers sandboxContainers,
                             ContainerManager containers, AgentClient agent, String workerId) {
        this.jobs = jobs;
        this.processes = processes;
        this.sandboxContainers = sandboxContainers;
        this.containers = containers;
        this.agent = agent;
        this.workerId = workerId;
    }

    public void start(Job job) {
        ProcessJobs.Start spec = Json.read(job.getRequest(), ProcessJobs.Start.class);
        java.util.UUID processId = java.util.UUID.fromString(spec.processId());
        if (processes.find(processId).hasEnded()) {
            // Killed before its start came up in the sandbox's line: nothing to start.
            jobs.finish(job.getId(), workerId, JobStatus.COMPLETED, null, null);
            return;
        }
        Optional<RunningContainer> container = sandboxContainers.acquireToResume(job);
        if (container.isEmpty()) {
            processes.end(processId, SandboxProcess.FAILED, null, null, "the sandbox's container could not be started");
            return;
        }
        try {
            AgentResponse.ProcessState state = agent.call(container.get().agentSocket(), AgentRequest.processStart(
                    new AgentRequest.ProcessStart(spec.processId(), spec.argv(), spec.cwd(),
                            spec.env() == null ? Map.of() : spec.env(), job.isAdopted())), AGENT_CALL).process();
            processes.markRunning(processId, state.pid());
            jobs.finish(job.getId(), workerId, JobStatus.COMPLETED, null, null);
        } catch (RunLostException e) {
            processes.end(processId, SandboxProcess.FAILED, null, null,
                    "its start was interrupted by a worker's death, and whether it ran cannot be known");
            jobs.failAsWorkerLost(job.getId(), "the sandbox kept no record of the process (" + e.getMessage() + ")");
        } catch (AgentException e) {
            String reason = e.refused() ? "could not start: " + e.getMessage()
                    : "could not reach the sandbox's agent: " + e.getMessage();
            processes.end(processId, SandboxProcess.FAILED, null, null, reason);
            jobs.failHeld(job.getId(), workerId, "process_failed", "the process " + reason);
        }
    }

    public void kill(Job job) {
        ProcessJobs.Kill spec = Json.read(job.getRequest(), ProcessJobs.Kill.class);
        java.util.UUID processId = java.util.UUID.fromString(spec.processId());
        try {
            Path socket = containers.agentSocketOfSandbox(job.getSandboxPk())
                    .orElseThrow(() -> new AgentException("the sandbox's container is not running"));
            agent.call(socket, AgentRequest.processKill(spec.processId(), spec.signal()), AGENT_CALL);
            AgentResponse.ProcessState ended = awaitEnd(socket, spec.processId());
            if (ended != null) {
                processes.end(processId, SandboxProcess.KILLED, null, ended.signal(), null);
            }
        } catch (AgentException e) {
            processes.end(processId, SandboxProcess.KILLED, null, null, e.refused()
                    ? "killed before it started"
                    : "the sandbox's container is gone, and the process with it");
        }
        jobs.finish(job.getId(), workerId, JobStatus.COMPLETED, null, null);
    }

    private AgentResponse.ProcessState awaitEnd(Path socket, String id) throws AgentException {
        long deadline = System.currentTimeMillis() + KILL_WAIT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            for (AgentResponse.ProcessState state : agent.call(socket, AgentRequest.processList(), AGENT_CALL).processes()) {
                if (state.id().equals(id) && !state.running()) {
                    return state;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
