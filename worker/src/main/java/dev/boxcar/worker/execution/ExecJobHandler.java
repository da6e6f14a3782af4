package dev.boxcar.worker.execution;

import dev.boxcar.core.job.ExecSpec;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.core.json.Json;
import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.core.sandbox.SandboxDefaults;
import dev.boxcar.core.sandbox.SandboxStatus;
import dev.boxcar.worker.agent.AgentException;
import dev.boxcar.worker.agent.RunLostException;
import dev.boxcar.worker.container.ContainerException;
import dev.boxcar.worker.container.ContainerLimits;
import dev.boxcar.worker.container.ContainerManager;
import dev.boxcar.worker.container.RunningContainer;
import dev.boxcar.worker.container.ThrowawayPool;
import dev.boxcar.worker.persistence.JobRepository;
import dev.boxcar.worker.persistence.SandboxRepository;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an exec job in its sandbox's container, or in a throw-away one, and stores the outcome. */
public final class ExecJobHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExecJobHandler.class);

    private final JobRepository jobs;
    private final ContainerManager containers;
    private final SandboxContainers sandboxContainers;
    private final ThrowawayPool pool;
    private final GradedRun graded;
    private final CommandRunner runner;
    private final String workerId;

    public ExecJobHandler(JobRepository jobs, SandboxContainers sandboxContainers, ContainerManager containers,
                          ThrowawayPool pool, CommandRunner runner, String workerId) {
        this.jobs = jobs;
        this.sandboxContainers = sandboxContainers;
        this.containers = containers;
        this.pool = pool;
        this.graded = new GradedRun(runner);
        this.runner = runner;
        this.workerId = workerId;
    }

    public void run(Job job) {
        ExecSpec spec = Json.read(job.getRequest(), ExecSpec.class);
        if (job.isAdopted() && job.isCancelRequested()) {
            // Cancelled while it had no worker: what still runs of it is killed, nothing is started.
            if (job.getSandboxPk() != null) {
                containers.agentSocketOfSandbox(job.getSandboxPk())
                        .ifPresent(socket -> runner.cancelEveryStep(socket, job.getId(), spec));
            }
            jobs.finish(job.getId(), workerId, JobStatus.CANCELLED, null, null);
            return;
        }
        if (job.getSandboxPk() == null) {
            runThrowaway(job, spec);
        } else {
            runInSandbox(job, spec);
        }
    }

    private void runInSandbox(Job job, ExecSpec spec) {
        sandboxContainers.acquireToResume(job).ifPresent(container -> execute(job, spec, container, false));
    }

    /**
     * Throw-away jobs have no state: an adopted one runs again from scratch in a new container
     * (its first container goes with its dead worker's other throw-aways).
     */
    private void runThrowaway(Job job, ExecSpec spec) {
        ContainerLimits limits = new ContainerLimits(
                spec.image() == null ? SandboxDefaults.IMAGE : spec.image(), Map.of(),
                spec.memoryMb() == null ? SandboxDefaults.MEMORY_MB : spec.memoryMb(),
                spec.cpus() == null ? SandboxDefaults.CPUS : spec.cpus(),
                spec.pids() == null ? SandboxDefaults.PIDS : spec.pids(),
                "none", false);
        RunningContainer container = pool.take(limits);
        try {
            if (container == null) {
                container = containers.startThrowaway(job.getId(), limits, "job");
            }
        } catch (ContainerException e) {
            jobs.failHeld(job.getId(), workerId, "container_failed", "the job's container could not be started: " + e.getMessage());
            return;
        }
        try {
            execute(job, spec, container, true);
        } finally {
            containers.remove(container);
        }
    }

    private void execute(Job job, ExecSpec spec, RunningContainer container, boolean wholeContainerIsTheJob) {
        GradedRun.Outcome outcome;
        try {
            outcome = graded.run(new CommandRunner.Step(job.getId(), null, job.isAdopted() && !wholeContainerIsTheJob),
                    spec, container, wholeContainerIsTheJob);
        } catch (RunLostException e) {
            jobs.failAsWorkerLost(job.getId(), "the sandbox kept no record of its command's end (" + e.getMessage() + ")");
            return;
        } catch (AgentException e) {
            if (jobs.isCancelRequested(job.getId())) {
                jobs.finish(job.getId(), workerId, JobStatus.CANCELLED, null, null);
            } else {
                jobs.failHeld(job.getId(), workerId, "agent_unreachable", "the command could not be run in the container: " + e.getMessage());
            }
            return;
        }
        if (!jobs.finish(job.getId(), workerId, outcome.status(), Json.write(outcome.result()), outcome.verdict())) {
            LOG.info("job was ended elsewhere (cancelled or swept) before its outcome was stored");
        }
    }
}
