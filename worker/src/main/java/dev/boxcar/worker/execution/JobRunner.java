package dev.boxcar.worker.execution;

import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobType;
import dev.boxcar.worker.persistence.JobRepository;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the job a message names, if this worker can claim it, then drains the rest of that
 * sandbox's line in order. A message for a job that is not claimable (already taken, finished,
 * or waiting behind an earlier job of its sandbox) is simply done: the database, not the broker's
 * delivery order, decides what runs.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final JobRepository jobs;
    private final ExecJobHandler exec;
    private final SandboxDestroyHandler destroy;
    private final ProcessJobHandler processes;
    private final FileJobHandler files;
    private final String workerId;

    public JobRunner(JobRepository jobs, ExecJobHandler exec, SandboxDestroyHandler destroy, ProcessJobHandler processes,
                     FileJobHandler files, String workerId) {
        this.jobs = jobs;
        this.exec = exec;
        this.destroy = destroy;
        this.processes = processes;
        this.files = files;
        this.workerId = workerId;
    }

    /**
     * Handles one delivery; returns once every outcome is persisted, so the caller may acknowledge.
     * False when the message was a no-op (its job was not claimable).
     */
    public boolean handle(UUID jobId) {
        Optional<Job> claimed = jobs.claim(jobId, workerId);
        if (claimed.isEmpty()) {
            LOG.debug("job {} not claimable here; acknowledged", jobId);
            return false;
        }
        Job job = claimed.get();
        run(job);
        if (job.getSandboxPk() != null) {
            drainSandbox(job.getSandboxPk());
        }
        return true;
    }

    private void drainSandbox(UUID sandboxPk) {
        Optional<Job> next;
        while ((next = jobs.claimNextInSandbox(sandboxPk, workerId)).isPresent()) {
            run(next.get());
        }
    }

    private void run(Job job) {
        MDC.put("jobId", job.getId().toString());
        try {
            LOG.info("running {} job", job.getType());
            switch (job.getType()) {
                case JobType.EXEC -> exec.run(job);
                case JobType.SANDBOX_DESTROY -> destroy.run(job);
                case JobType.PROCESS_START -> processes.start(job);
                case JobType.PROCESS_KILL -> processes.kill(job);
                case JobType.FILE_WRITE -> files.write(job);
                case JobType.FILE_READ -> files.read(job);
                default -> jobs.fail(job.getId(), "unsupported", "job type " + job.getType()
                        + " is not supported by this worker version");
            }
        } catch (RuntimeException e) {
            LOG.error("job failed unexpectedly", e);
            jobs.fail(job.getId(), "internal", "the worker hit an internal error running this job: " + e.getMessage());
        } finally {
            MDC.remove("jobId");
        }
    }
}
