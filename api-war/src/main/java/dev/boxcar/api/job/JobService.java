package dev.boxcar.api.job;

import dev.boxcar.api.messaging.JobPublisher;
import dev.boxcar.api.paging.Page;
import dev.boxcar.api.paging.PageRequest;
import dev.boxcar.core.job.ExecSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/**
 * Accepting and reading jobs. A job is committed to PostgreSQL before its id goes to the broker;
 * when the broker is away the job is still accepted and the workers' dispatcher sends it later.
 */
@ApplicationScoped
public class JobService {
    @Inject
    JobPublisher publisher;
    @Inject
    JobStore store;

    public JobView submitExec(String tenant, String sandboxId, ExecSpec spec) {
        JobView view = store.insertExec(tenant, sandboxId, spec);
        dispatch(UUID.fromString(view.id()));
        return view;
    }

    public JobView destroySandbox(String tenant, String sandboxId) {
        JobView view = store.insertSandboxDestroy(tenant, sandboxId);
        dispatch(UUID.fromString(view.id()));
        return view;
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

    private void dispatch(UUID jobId) {
        dispatch(List.of(jobId));
    }

    /**
     * Sends the jobs' ids to the broker; those it confirms are recorded as dispatched, the rest
     * (broker away) are sent later by the workers' dispatcher.
     */
    public void dispatch(List<UUID> jobIds) {
        for (UUID id : jobIds) {
            if (!publisher.publish(id)) {
                break;
            }
        }
    }
}
