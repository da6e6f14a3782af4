package dev.boxcar.api.job;

import dev.boxcar.api.auth.CurrentTenant;
import dev.boxcar.api.json.ClientIds;
import dev.boxcar.api.waiting.WaitParameter;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import dev.boxcar.api.paging.Page;
import dev.boxcar.api.paging.PageRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.UUID;
import dev.boxcar.api.openapi.Documented;
import dev.boxcar.api.openapi.ProblemDocument;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/jobs}: list, read (optionally waiting for the end), cancel. */
@Tag(name = Documented.TAG_JOBS)
@RequestScoped
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    @Inject
    CurrentTenant tenant;
    @Inject
    JobService jobs;
    @Inject
    JobResponses responses;
    @Inject
    JobOutputStreamer streamer;

    @Operation(summary = "List jobs",
            description = "Newest first; items may leave out stdout, stderr and test details: fetch the job.")
    @GET
    public Page<JobView> list(@QueryParam("sandboxId") String sandboxId, @QueryParam("status") String status,
                              @QueryParam("batchId") String batchId, @QueryParam("limit") String limit,
                              @QueryParam("cursor") String cursor) {
        return jobs.list(tenant.name(), JobFilter.of(sandboxId, status, batchId), PageRequest.of(limit, cursor));
    }

    /**
     * Cancel: a queued job never runs; a running one has its process tree killed. The answer is
     * 202 with the job, given once it shows {@code cancelled} (a few seconds at most).
     */
    @Operation(summary = "Cancel a job",
            description = "A queued job never runs; a running one has its process tree killed.")
    @APIResponse(responseCode = "202", description = "Cancelled",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "409", description = "The job had already finished",
            content = @Content(mediaType = Documented.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @DELETE
    @Path("{jobId}")
    public void cancel(@PathParam("jobId") String jobId, @Suspended AsyncResponse async) {
        String tenantName = tenant.name();
        responses.cancelled(jobs.cancel(tenantName, ClientIds.serverId(jobId, "job")), tenantName, async);
    }

    /** An exec job's output as Server-Sent Events while it runs (an extension; see README). */
    @Operation(summary = "Stream a job's output (extension)",
            description = "Server-Sent Events while it runs: stdout and stderr events (data: the new output as"
                    + " a JSON string; id: the byte offset after it), then an end event ({\"status\":...}).")
    @APIResponse(responseCode = "200", description = "An event stream")
    @GET
    @Path("{jobId}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@PathParam("jobId") String jobId, @Context SseEventSink sink, @Context Sse sse) {
        String tenantName = tenant.name();
        UUID id = ClientIds.serverId(jobId, "job");
        jobs.get(tenantName, id);
        streamer.stream(tenantName, id, sink, sse);
    }

    @Operation(summary = "Read a job",
            description = "With wait: held until the job is finished or wait seconds pass.")
    @APIResponse(responseCode = "200", description = "Finished (or no wait given)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "202", description = "Not finished within wait",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @GET
    @Path("{jobId}")
    public void get(@PathParam("jobId") String jobId, @QueryParam("wait") String wait, @Suspended AsyncResponse async) {
        Integer seconds = WaitParameter.parse(wait);
        String tenantName = tenant.name();
        JobView view = jobs.get(tenantName, ClientIds.serverId(jobId, "job"));
        responses.read(view, tenantName, seconds, async);
    }
}
