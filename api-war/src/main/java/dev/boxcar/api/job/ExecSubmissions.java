package dev.boxcar.api.job;

import dev.boxcar.api.idempotency.Idempotency;
import dev.boxcar.core.job.ExecSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import java.util.Optional;
import java.util.UUID;

/**
 * The shared path of both exec submissions: validated spec → (idempotent) job creation →
 * 202, or 200 once finished when the client asked to wait. Not transactional: a job for a live
 * sandbox, without an Idempotency-Key, is stored by a group commit that must run outside one.
 */
@ApplicationScoped
public class ExecSubmissions {
    @Inject
    JobService jobs;
    @Inject
    JobResponses responses;
    @Inject
    Idempotency idempotency;

    /** {@code sandboxId} null means a throw-away container. */
    public void submit(String tenant, String sandboxId, ExecSpec spec, Submission request, AsyncResponse async) {
        if (request.idempotencyKey() == null && sandboxId != null) {
            Optional<JobView> grouped = jobs.submitExecToLiveSandbox(tenant, sandboxId, spec);
            if (grouped.isPresent()) {
                responses.submitted(grouped.get(), tenant, request.waitSeconds(), async);
                return;
            }
        }
        JobView view = idempotency.run(tenant, request.idempotencyKey(), "POST", request.path(), request.body(),
                () -> {
                    JobView created = jobs.submitExec(tenant, sandboxId, spec);
                    return new Idempotency.Created<>(created, "job", created.id(), 202);
                },
                earlier -> jobs.get(tenant, UUID.fromString(earlier.objectId())));
        responses.submitted(view, tenant, request.waitSeconds(), async);
    }

    /** The parts of a POST that idempotency and long-polling look at. */
    public record Submission(String path, byte[] body, String idempotencyKey, Integer waitSeconds) {
    }
}
