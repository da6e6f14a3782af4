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
import dev.boxcar.api.openapi.BatchRequestDocument;
import dev.boxcar.api.openapi.Documented;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/batches} (API.md "Batches"). */
@Tag(name = Documented.TAG_BATCHES)
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

    @Operation(summary = "Submit a batch",
            description = "An invalid item rejects the whole batch (errors[].field like jobs[3].timeoutMs).")
    @RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchRequestDocument.class)))
    @APIResponse(responseCode = "202", description = "Accepted: job ids in the order given",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchCreated.class)))
    @POST
    public Response submit(@HeaderParam(Idempotency.HEADER) String idempotencyKey, InputStream body) {
        byte[] bytes = JsonBodies.readBytes(body, config.maxRequestBytes());
        BatchRequest request = BatchRequest.read(JsonBodies.parseObject(bytes, false), config.imageNames(),
                config::isAllowedCallbackTarget);
        BatchCreated created = batches.submit(tenant.name(), request, idempotencyKey, bytes);
        return Response.status(202).header("Location", "/api/v1/batches/" + created.id()).entity(created).build();
    }

    /** The tenant's batches, newest first, paged (an extension of API.md, for the dashboard). */
    @Operation(summary = "List batches (extension)", description = "Newest first, for the dashboard")
    @GET
    public Page<BatchSummary> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return batches.list(tenant.name(), PageRequest.of(limit, cursor));
    }

    @Operation(summary = "Read a batch",
            description = "Counts of every status and verdict; with wait, held until every job finished.")
    @APIResponse(responseCode = "200", description = "Done (or no wait given)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchSummary.class)))
    @APIResponse(responseCode = "202", description = "Not done within wait",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchSummary.class)))
    @GET
    @Path("{batchId}")
    public void get(@PathParam("batchId") String batchId, @QueryParam("wait") String wait,
                    @Suspended AsyncResponse async) {
        Integer seconds = WaitParameter.parse(wait);
        batches.get(tenant.name(), ClientIds.serverId(batchId, "batch"), seconds, async);
    }

    @Operation(summary = "List a batch's jobs",
            description = "In submission order")
    @GET
    @Path("{batchId}/jobs")
    public Page<JobView> jobs(@PathParam("batchId") String batchId, @QueryParam("limit") String limit,
                              @QueryParam("cursor") String cursor) {
        return batches.jobs(tenant.name(), ClientIds.serverId(batchId, "batch"), limit, cursor);
    }

    /** 202 with the batch; every job of it that had not finished is cancelled. */
    @Operation(summary = "Cancel a batch",
            description = "Every job of it that has not finished")
    @APIResponse(responseCode = "202", description = "The batch",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchSummary.class)))
    @DELETE
    @Path("{batchId}")
    public Response cancel(@PathParam("batchId") String batchId) {
        BatchSummary summary = batches.cancel(tenant.name(), ClientIds.serverId(batchId, "batch"));
        return Response.status(202).entity(summary).build();
    }
}
