package dev.boxcar.api.job;

import dev.boxcar.api.paging.Page;
import dev.boxcar.api.paging.PageRequest;
import dev.boxcar.core.job.ExecSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    public JobView submitExec(String tenant, String sandboxId, ExecSpec spec) {
        return store.insertExec(tenant, sandboxId, spec);
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
