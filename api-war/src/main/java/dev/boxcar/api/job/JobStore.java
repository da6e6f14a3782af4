package dev.boxcar.api.job;

import dev.boxcar.api.problem.Problems;
import dev.boxcar.api.sandbox.SandboxService;
import dev.boxcar.core.job.ExecSpec;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobType;
import dev.boxcar.core.json.Json;
import dev.boxcar.core.sandbox.Sandbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * The transactional half of {@link JobService}: each method is one short transaction, so the
 * broker is only ever called after a commit.
 */
@ApplicationScoped
public class JobStore {
    @Inject
    JobRepository jobs;
    @Inject
    SandboxService sandboxes;

    @Transactional
    public JobView insertExec(String tenant, String sandboxId, ExecSpec spec) {
        Sandbox sandbox = sandboxId == null ? null : sandboxes.forNewJob(tenant, sandboxId);
        Job job = Job.queued(tenant, JobType.EXEC, sandbox == null ? null : sandbox.getPk(), sandboxId,
                Json.write(spec));
        jobs.add(job);
        return JobView.of(job);
    }

    @Transactional
    public JobView view(String tenant, UUID id) {
        return jobs.find(tenant, id).map(JobView::of).orElseThrow(() -> Problems.notFound("job " + id));
    }

    @Transactional
    public void markDispatched(UUID id) {
        jobs.markDispatched(id);
    }
}
