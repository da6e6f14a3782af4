package dev.boxcar.api.batch;

import dev.boxcar.api.idempotency.Idempotency;
import dev.boxcar.api.job.JobView;
import dev.boxcar.api.paging.Page;
import dev.boxcar.api.paging.PageRequest;
import dev.boxcar.api.waiting.Waiters;
import dev.boxcar.core.batch.BatchSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;

/** Submitting, following and cancelling batches; jobs are committed first, then dispatched. */
@ApplicationScoped
public class BatchService {
    @Inject
    BatchStore store;
    @Inject
    Idempotency idempotency;
    @Inject
    Waiters waiters;

    public BatchCreated submit(String tenant, BatchRequest request, String idempotencyKey, byte[] body) {
        return idempotency.run(tenant, idempotencyKey, "POST", "/api/v1/batches", body,
                () -> {
                    BatchCreated created = store.insert(tenant, request);
                    return new Idempotency.Created<>(created, "batch", created.id(), 202);
                },
                earlier -> {
                    UUID id = UUID.fromString(earlier.objectId());
                    return new BatchCreated(earlier.objectId(), store.summary(tenant, id).total(), store.jobIds(tenant, id));
                });
    }

    /** 200 with the batch; with {@code wait}, 200 once every job finished or 202 when the wait ran out. */
    public void get(String tenant, UUID id, Integer wait, AsyncResponse async) {
        BatchSummary now = store.summary(tenant, id);
        if (wait == null || wait == 0 || now.done()) {
            async.resume(Response.status(wait == null || now.done() ? 200 : 202).entity(now).build());
            return;
        }
        waiters.await(id, wait, async, () -> {
            BatchSummary later = store.summary(tenant, id);
            return later.done() ? Optional.of(Response.ok(later).build()) : Optional.empty();
        }, () -> {
            BatchSummary later = store.summary(tenant, id);
            return Response.status(later.done() ? 200 : 202).entity(later).build();
        });
    }

    /** The tenant's batches, newest first (an extension of API.md, for the dashboard). */
    public Page<BatchSummary> list(String tenant, PageRequest page) {
        return store.page(tenant, page);
    }

    public BatchSummary cancel(String tenant, UUID id) {
        return store.cancel(tenant, id);
    }

    public Page<JobView> jobs(String tenant, UUID id, String limit, String cursor) {
        PageRequest page = PageRequest.of(limit, null);
        return store.jobs(tenant, id, page.limit(), BatchCursor.decode(cursor));
    }
}
