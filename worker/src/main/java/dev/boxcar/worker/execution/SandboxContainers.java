package dev.boxcar.worker.execution;

import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.core.sandbox.SandboxStatus;
import dev.boxcar.worker.container.ContainerException;
import dev.boxcar.worker.container.ContainerManager;
import dev.boxcar.worker.container.RunningContainer;
import dev.boxcar.worker.persistence.JobRepository;
import dev.boxcar.worker.persistence.SandboxRepository;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container a sandbox job runs in, started when needed and recorded on the sandbox. A job
 * whose sandbox is gone or cannot start ends as {@code error} here, with a reason for the user.
 */
public final class SandboxContainers {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxContainers.class);

    private final JobRepository jobs;
    private final SandboxRepository sandboxes;
    private final ContainerManager containers;
    private final String workerId;

    public SandboxContainers(JobRepository jobs, SandboxRepository sandboxes, ContainerManager containers,
                             String workerId) {
        this.jobs = jobs;
        this.sandboxes = sandboxes;
        this.containers = containers;
        this.workerId = workerId;
    }

    /** The running container of the job's sandbox; empty when the job was ended as error instead. */
    public Optional<RunningContainer> acquire(Job job) {
        return acquire(job, false, false);
    }

    /**
     * Like {@link #acquire}, for a job whose command must not run twice (exec, process start):
     * when an adopted job finds its sandbox in another container than the one its first worker
     * used, that container and what the command did there are gone, so the job ends as
     * {@code worker_lost}.
     */
    public Optional<RunningContainer> acquireToResume(Job job) {
        return acquire(job, job.isAdopted(), false);
    }

    /**
     * Like {@link #acquireToResume}, without asking the agent whether it answers: the caller's
     * first agent call finds out, and on {@link dev.boxcar.worker.agent.AgentUnreachableException}
     * (nothing was sent) gets the container through {@link #restart}. Spares every job a ping.
     * An adopted job asks, since its first worker's run must be found in that very container.
     */
    public Optional<RunningContainer> acquirePresumingTheRecord(Job job) {
        if (!job.isAdopted()) {
            // The usual case, from the sandbox's status and container alone (no entity loaded).
            Optional<RunningContainer> recorded = sandboxes.recordWhenNotBeingStopped(job.getSandboxPk())
                    .filter(record -> SandboxStatus.RUNNING.equals(record.status()) && record.containerId() != null)
                    .flatMap(record -> containers.recordedSandbox(record.pk(), record.containerId()));
            if (recorded.isPresent()) {
                return recorded;
            }
        }
        return acquire(job, job.isAdopted(), !job.isAdopted());
    }

    /**
     * The sandbox's container after its agent did not take a connection: looked at through Docker
     * and started again if needed (the same as for a sandbox without a running record).
     */
    public Optional<RunningContainer> restart(Job job) {
        Sandbox sandbox = sandboxes.findWhenNotBeingStopped(job.getSandboxPk()).orElseThrow();
        return endedAsDestroyed(job, sandbox) ? Optional.empty() : ensured(job, sandbox);
    }

    private Optional<RunningContainer> acquire(Job job, boolean mustBeTheSameContainer, boolean presume) {
        Sandbox sandbox = sandboxes.findWhenNotBeingStopped(job.getSandboxPk()).orElseThrow();
        String recorded = sandbox.getContainerId();
        Optional<RunningContainer> container = startedContainer(job, sandbox, presume);
        if (mustBeTheSameContainer && recorded != null && container.isPresent() && !container.get().id().equals(recorded)) {
            jobs.failAsWorkerLost(job.getId(), "the sandbox's container was replaced since");
            return Optional.empty();
        }
        return container;
    }

    private Optional<RunningContainer> startedContainer(Job job, Sandbox sandbox, boolean presume) {
        if (endedAsDestroyed(job, sandbox)) {
            return Optional.empty();
        }
        if (SandboxStatus.RUNNING.equals(sandbox.getStatus()) && sandbox.getContainerId() != null) {
            // The usual case, without asking Docker: the recorded container's agent answers.
            Optional<RunningContainer> answering = presume ? containers.recordedSandbox(sandbox)
                    : containers.answeringSandbox(sandbox);
            if (answering.isPresent()) {
                return answering;
            }
        }
        return ensured(job, sandbox);
    }

    /** True when the sandbox is being destroyed: then the job was ended here. */
    private boolean endedAsDestroyed(Job job, Sandbox sandbox) {
        if (SandboxStatus.DESTROYING.equals(sandbox.getStatus()) || SandboxStatus.DESTROYED.equals(sandbox.getStatus())) {
            endAsCancelledOr(job, "sandbox_destroyed", "the sandbox was destroyed before this job could run");
            return true;
        }
        return false;
    }

    private Optional<RunningContainer> ensured(Job job, Sandbox sandbox) {
        try {
            RunningContainer container = containers.ensureSandbox(sandbox);
            boolean recorded = SandboxStatus.RUNNING.equals(sandbox.getStatus()) && container.id().equals(sandbox.getContainerId());
            if (!recorded && !sandboxes.markRunning(sandbox.getPk(), container.id())) {
                // Its destruction began while the container started: the destroy job removes it.
                endAsCancelledOr(job, "sandbox_destroyed", "the sandbox was destroyed before this job could run");
                return Optional.empty();
            }
            return Optional.of(container);
        } catch (ContainerException e) {
            if (jobs.isCancelRequested(job.getId())) {
                // Cancelled (or its sandbox destroyed) while the container was starting.
                jobs.finish(job.getId(), workerId, JobStatus.CANCELLED, null, null);
                return Optional.empty();
            }
            LOG.warn("sandbox {} could not start: {}", sandbox.getSandboxId(), e.getMessage());
            sandboxes.markFailed(sandbox.getPk(), e.getMessage());
            jobs.failHeld(job.getId(), workerId, "sandbox_failed", "the sandbox's container could not be started: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A job whose cancellation was asked for (a destroy asks for all of its sandbox's) ends cancelled. */
    private void endAsCancelledOr(Job job, String code, String message) {
        if (jobs.isCancelRequested(job.getId())) {
            jobs.finish(job.getId(), workerId, JobStatus.CANCELLED, null, null);
        } else {
            jobs.failHeld(job.getId(), workerId, code, message);
        }
    }
}
