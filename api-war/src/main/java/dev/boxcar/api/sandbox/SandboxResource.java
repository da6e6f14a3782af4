package dev.boxcar.api.sandbox;

import dev.boxcar.api.auth.CurrentTenant;
import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.api.json.ClientIds;
import dev.boxcar.api.json.JsonBodies;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import dev.boxcar.api.job.JobService;
import dev.boxcar.api.job.JobView;
import dev.boxcar.api.paging.Page;
import dev.boxcar.api.paging.PageRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import dev.boxcar.api.openapi.Documented;
import dev.boxcar.api.openapi.ProblemDocument;
import dev.boxcar.api.openapi.SandboxSpecDocument;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/sandboxes}: create-or-get, list, read, destroy (API.md "Sandboxes"). */
@Tag(name = Documented.TAG_SANDBOXES)
@RequestScoped
@Path("/api/v1/sandboxes")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxResource {
    @Inject
    CurrentTenant tenant;
    @Inject
    ApiConfig config;
    @Inject
    SandboxService sandboxes;
    @Inject
    JobService jobs;

    @Operation(summary = "Create a sandbox, or return the existing one",
            description = "Configuration is fixed at creation. A destroyed id can be used again.")
    @RequestBody(description = "Every field optional", required = false,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SandboxSpecDocument.class)))
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SandboxView.class)))
    @APIResponse(responseCode = "200", description = "It existed, with every given field equal to its configuration",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SandboxView.class)))
    @APIResponse(responseCode = "409", description = "It exists with a different configuration, or is being destroyed",
            content = @Content(mediaType = Documented.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @PUT
    @Path("{sandboxId}")
    public Response put(@PathParam("sandboxId") String sandboxId, InputStream body) {
        ClientIds.require(sandboxId, "sandboxId");
        SandboxRequest request = SandboxRequest.read(
                JsonBodies.readObject(body, config.maxRequestBytes(), true), config.imageNames());
        SandboxService.Ensured ensured = sandboxes.createOrGet(tenant.name(), sandboxId, request);
        return Response.status(ensured.created() ? 201 : 200)
                .header("Location", "/api/v1/sandboxes/" + sandboxId)
                .entity(SandboxView.of(ensured.sandbox()))
                .build();
    }

    @Operation(summary = "List sandboxes",
            description = "Newest first")
    @GET
    public Page<SandboxView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return sandboxes.list(tenant.name(), PageRequest.of(limit, cursor));
    }

    @Operation(summary = "Destroy a sandbox",
            description = "Its container and everything running in it; its jobs and processes stay readable.")
    @APIResponse(responseCode = "202", description = "The destroy job",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    /** 202 with the job that destroys the container and everything running in it. */
    @DELETE
    @Path("{sandboxId}")
    public Response destroy(@PathParam("sandboxId") String sandboxId) {
        ClientIds.require(sandboxId, "sandboxId");
        JobView job = jobs.destroySandbox(tenant.name(), sandboxId);
        return Response.status(202).header("Location", "/api/v1/jobs/" + job.id()).entity(job).build();
    }

    @Operation(summary = "Read a sandbox")
    @APIResponse(responseCode = "200", description = "The sandbox",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SandboxView.class)))
    @GET
    @Path("{sandboxId}")
    public SandboxView get(@PathParam("sandboxId") String sandboxId) {
        ClientIds.require(sandboxId, "sandboxId");
        return SandboxView.of(sandboxes.get(tenant.name(), sandboxId));
    }
}
