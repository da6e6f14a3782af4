package dev.boxcar.api.batch;

import dev.boxcar.api.auth.CurrentTenant;
import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.api.idempotency.Idempotency;
import dev.boxcar.api.json.ClientIds;
import dev.boxcar.api.json.JsonBodies;
import dev.boxcar.api.job.JobView;
import dev.boxcar.api.paging.Page;
import dev.boxcar.api.paging.PageRequest;
import dev.boxcar.api.waiting.WaitParameter;
import dev.boxcar.core.batch.BatchSummary;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/** {@code /api/v1/batches} (API.md "Batches"). */
@RequestScoped
@Path("/api/v1/batches")
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {
    @Inject
    CurrentTenant tenant;
    @Inject
    ApiConfig config;
    @Inject
    BatchService batches;

    @POST
    public Response submit(@HeaderParam(Idempotency.HEADER) String idempotencyKey, InputStream body) {
        byte[] bytes = JsonBodies.readBytes(body, config.maxRequestBytes());
        BatchRequest request = BatchRequest.read(JsonBodies.parseObject(bytes, false), config.imageNames(),
                config::isAllowedCallbackTarget);
        BatchCreated created = batches.submit(tenant.name(), request, idempotencyKey, bytes);
        return Response.status(202).header("Location", "/api/v1/batches/" + created.id()).entity(created).build();
    }

    /** The tenant's batches, newest first, paged (an extension of API.md, for the dashboard). */
    @GET
    public Page<BatchSummary> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return batches.list(tenant.name(), PageRequest.of(limit, cursor));
    }

    @GET
    @Path("{batchId}")
    public void get(@PathParam("batchId") String batchId, @QueryParam("wait") String wait,
                    @Suspended AsyncResponse async) {
        Integer seconds = WaitParameter.parse(wait);
        batches.get(tenant.name(), ClientIds.serverId(batchId, "batch"), seconds, async);
    }

    @GET
    @Path("{batchId}/jobs")
    public Page<JobView> jobs(@PathParam("batchId") String batchId, @QueryParam("limit") String limit,
                              @QueryParam("cursor") String cursor) {
        return batches.jobs(tenant.name(), ClientIds.serverId(batchId, "batch"), limit, cursor);
    }

    /** 202 with the batch; every job of it that had not finished is cancelled. */
    @DELETE
    @Path("{batchId}")
    public Response cancel(@PathParam("batchId") String batchId) {
        BatchSummary summary = batches.cancel(tenant.name(), ClientIds.serverId(batchId, "batch"));
        return Response.status(202).entity(summary).build();
    }
}
