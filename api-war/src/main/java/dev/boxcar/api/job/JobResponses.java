package dev.boxcar.api.job;

import dev.boxcar.api.waiting.Waiters;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.function.Function;

/**
 * Answers with a job now or after a long-poll: 200 when finished, 202 when not (API.md), with
 * {@code Location} on submissions.
 */
@ApplicationScoped
public class JobResponses {
    private static final int CANCEL_WAIT_SECONDS = 5;

    @Inject
    Waiters waiters;
    @Inject
    JobStore store;

    /** A submission's answer: 202 with the job as stored, or, with {@code wait}, once it finished. */
    public void submitted(JobView view, String tenant, Integer wait, AsyncResponse async) {
        Function<JobView, Response> render = v -> Response.status(v.isFinished() ? 200 : 202)
                .header("Location", "/api/v1/jobs/" + v.id())
                .entity(v)
                .type(MediaType.APPLICATION_JSON)
                .build();
        if (wait == null || wait == 0) {
            async.resume(Response.status(202).header("Location", "/api/v1/jobs/" + view.id()).entity(view)
                    .type(MediaType.APPLICATION_JSON).build());
        } else {
            respond(view, tenant, wait, async, render);
        }
    }

    /** A read's answer: 200 with the current state, or, with {@code wait}, 200/202 after waiting. */
    public void read(JobView view, String tenant, Integer wait, AsyncResponse async) {
        if (wait == null) {
            async.resume(Response.ok(view, MediaType.APPLICATION_JSON).build());
        } else {
            respond(view, tenant, wait, async, v -> Response.status(v.isFinished() ? 200 : 202).entity(v).type(MediaType.APPLICATION_JSON).build());
        }
    }

    /** A cancellation's answer: always 202, after waiting briefly for a running job's tree to be killed. */
    public void cancelled(JobView view, String tenant, AsyncResponse async) {
        respond(view, tenant, CANCEL_WAIT_SECONDS, async, v -> Response.status(202).entity(v).type(MediaType.APPLICATION_JSON).build());
    }

    private void respond(JobView view, String tenant, int wait, AsyncResponse async, Function<JobView, Response> render) {
        if (view.isFinished() || wait == 0) {
            async.resume(render.apply(view));
        } else {
            UUID id = UUID.fromString(view.id());
            waiters.await(id, wait, async, () -> {
                JobView now = store.viewNow(tenant, id);
                return now.isFinished() ? Optional.of(render.apply(now)) : Optional.empty();
            }, () -> render.apply(store.viewNow(tenant, id)));
        }
    }
}
