package dev.boxcar.api.job;

import dev.boxcar.api.paging.Page;
import dev.boxcar.api.paging.PageRequest;
import dev.boxcar.api.quota.Quotas;
import dev.boxcar.core.job.ExecSpec;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobType;
import dev.boxcar.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * Accepting and reading jobs. A job is committed to PostgreSQL before its id goes to the broker
 * ({@link dev.boxcar.api.messaging.Outbox}); when the broker is away the job is still accepted
 * and the workers' dispatcher sends it later.
 */
@ApplicationScoped
public class JobService {
    @Inject
    JobStore store;
    @Inject
    SubmissionGroups groups;
    @Inject
    Quotas quotas;

    public JobView submitExec(String tenant, String sandboxId, ExecSpec spec) {
        return store.insertExec(tenant, sandboxId, spec);
    }

    /**
     * The most frequent request there is, stored with whatever arrives with it in one commit
     * ({@link SubmissionGroups}): an exec job for a live sandbox, while the tenant's recent count
     * leaves room for it. Empty when the job must take {@link #submitExec} instead. Call outside a
     * transaction.
     */
    public Optional<JobView> submitExecToLiveSandbox(String tenant, String sandboxId, ExecSpec spec) {
        if (!quotas.roomByRecentCount(tenant, 1)) {
            return Optional.empty();
        }
        return groups.insert(Job.queued(tenant, JobType.EXEC, null, sandboxId, Json.write(spec))).map(JobView::of);
    }

    public JobView destroySandbox(String tenant, String sandboxId) {
        return store.insertSandboxDestroy(tenant, sandboxId);
    }

    public JobView cancel(String tenant, UUID id) {
        return store.cancel(tenant, id);
    }

    public Page<JobView> list(String tenant, JobFilter filter, PageRequest page) {
        return store.list(tenant, filter, page);
    }

    public JobView get(String tenant, UUID id) {
        return store.view(tenant, id);
    }
}
