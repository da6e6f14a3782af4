package dev.boxcar.api.job;

import dev.boxcar.api.paging.Cursor;
import dev.boxcar.api.paging.Page;
import dev.boxcar.api.paging.PageRequest;
import dev.boxcar.api.problem.Problems;
import dev.boxcar.api.quota.Quotas;
import dev.boxcar.api.sandbox.SandboxService;
import dev.boxcar.core.job.ExecSpec;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobType;
import dev.boxcar.core.json.Json;
import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.core.sandbox.SandboxStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
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
    @Inject
    Quotas quotas;

    /**
     * An exec job, alone in its transaction (with an Idempotency-Key, or when a group could not
     * store it: {@link SubmissionGroups}). For a sandbox that exists it goes into the line in one
     * plain JDBC statement (the entity path costs several times that); a sandbox to create, being
     * destroyed or lost takes the entity path.
     */
    @Transactional
    public JobView insertExec(String tenant, String sandboxId, ExecSpec spec) {
        quotas.requireRoomForJobs(tenant, 1);
        String request = Json.write(spec);
        if (sandboxId != null) {
            Optional<Job> inLine = jobs.insertIntoLiveSandbox(Job.queued(tenant, JobType.EXEC, null, sandboxId, request));
            if (inLine.isPresent()) {
                return JobView.of(inLine.get());
            }
        }
        Sandbox sandbox = sandboxId == null ? null : sandboxes.forNewJob(tenant, sandboxId);
        Job job = Job.queued(tenant, JobType.EXEC, sandbox == null ? null : sandbox.getPk(), sandboxId, request);
        jobs.add(job);
        return JobView.of(job);
    }

    /** Ends a queued or running job as cancelled; 409 when it had already finished. */
    @Transactional
    public JobView cancel(String tenant, UUID id) {
        Job job = jobs.find(tenant, id).orElseThrow(() -> Problems.notFound("job " + id));
        if (job.getStatus().isFinal() || !jobs.cancel(id)) {
            Job current = jobs.reload(tenant, id).orElseThrow();
            throw Problems.conflict("job " + id + " already finished (" + current.getStatus().wireName() + ")");
        }
        return JobView.of(jobs.reload(tenant, id).orElseThrow());
    }

    /**
     * Starts destroying a sandbox: it becomes {@code destroying}, its unfinished jobs are
     * cancelled, and a {@code sandbox.destroy} job is queued (outside the sandbox's line).
     */
    @Transactional
    public JobView insertSandboxDestroy(String tenant, String sandboxId) {
        Sandbox sandbox = sandboxes.forDestruction(tenant, sandboxId);
        if (SandboxStatus.LOST.equals(sandbox.getStatus())) {
            // Its host is gone: any worker ends it (there is no container to reach).
            sandboxes.unplace(sandbox);
        }
        sandboxes.markDestroying(sandbox);
        jobs.cancelAllOfSandbox(sandbox.getPk());
        Job job = Job.queued(tenant, JobType.SANDBOX_DESTROY, sandbox.getPk(), sandboxId, "{}");
        jobs.add(job);
        return JobView.of(job);
    }

    @Transactional
    public Page<JobView> list(String tenant, JobFilter filter, PageRequest page) {
        JobRepository.Slice slice = jobs.page(tenant, filter, page);
        List<Job> shown = slice.shown();
        String next = slice.more() ? new Cursor(shown.get(shown.size() - 1).getCreatedAt(),
                shown.get(shown.size() - 1).getId()).encode() : null;
        return new Page<>(shown.stream().map(JobView::of).toList(), next);
    }

    @Transactional
    public JobView view(String tenant, UUID id) {
        return jobs.find(tenant, id).map(JobView::of).orElseThrow(() -> Problems.notFound("job " + id));
    }

    /** {@link #view} without a transaction: a long-poll's look at the job it waits for. */
    public JobView viewNow(String tenant, UUID id) {
        return jobs.findNow(tenant, id).map(JobView::of).orElseThrow(() -> Problems.notFound("job " + id));
    }

    @Transactional
    public void markDispatched(List<UUID> ids) {
        if (!ids.isEmpty()) {
            jobs.markDispatched(ids);
        }
    }
}
