package dev.boxcar.api.process;

import dev.boxcar.api.job.JobView;
import dev.boxcar.api.paging.Page;
import dev.boxcar.api.paging.PageRequest;
import dev.boxcar.api.problem.Problems;
import dev.boxcar.core.process.SandboxProcess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Starting, reading and killing background processes; jobs are dispatched after they are committed. */
@ApplicationScoped
public class ProcessService {
    @Inject
    ProcessStore store;

    public ProcessView start(String tenant, String sandboxId, ProcessRequest request) {
        ProcessStore.Started started;
        try {
            started = store.start(tenant, sandboxId, request);
        } catch (RuntimeException e) {
            if (violates(e, "processes_live_name")) {
                throw Problems.conflict("sandbox " + sandboxId + " already has a live process named " + request.name());
            }
            throw e;
        }
        return started.process();
    }

    public JobView kill(String tenant, String sandboxId, String idOrName, String signal) {
        JobView job = store.kill(tenant, sandboxId, idOrName, signal);
        return job;
    }

    public SandboxProcess find(String tenant, String sandboxId, String idOrName) {
        return store.find(tenant, sandboxId, idOrName);
    }

    public Page<ProcessView> list(String tenant, String sandboxId, PageRequest page) {
        return store.list(tenant, sandboxId, page);
    }

    /** Two racing starts with one name: the unique index decides, the loser gets 409. */
    private static boolean violates(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(constraint)) {
                return true;
            }
        }
        return false;
    }
}
