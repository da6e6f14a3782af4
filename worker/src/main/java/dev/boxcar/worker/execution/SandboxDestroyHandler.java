package dev.boxcar.worker.execution;

import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.worker.container.ContainerManager;
import dev.boxcar.core.process.SandboxProcess;
import dev.boxcar.worker.persistence.JobRepository;
import dev.boxcar.worker.persistence.ProcessRepository;
import dev.boxcar.worker.persistence.SandboxRepository;

/**
 * A {@code sandbox.destroy} job: removes the sandbox's container and everything running in it.
 * The API already moved the sandbox to {@code destroying} and ended its queued and running jobs;
 * the records stay readable.
 */
public final class SandboxDestroyHandler {
    private final JobRepository jobs;
    private final SandboxRepository sandboxes;
    private final ContainerManager containers;
    private final String workerId;

    private final ProcessRepository processes;

    public SandboxDestroyHandler(JobRepository jobs, SandboxRepository sandboxes, ContainerManager containers,
                                 ProcessRepository processes, String workerId) {
        this.jobs = jobs;
        this.processes = processes;
        this.sandboxes = sandboxes;
        this.containers = containers;
        this.workerId = workerId;
    }

    public void run(Job job) {
        containers.destroySandbox(job.getSandboxPk());
        processes.endAllOfSandbox(job.getSandboxPk(), SandboxProcess.KILLED, "the sandbox was destroyed");
        sandboxes.markDestroyed(job.getSandboxPk());
        jobs.finish(job.getId(), workerId, JobStatus.COMPLETED, null, null);
    }
}
