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

/** {@code /api/v1/sandboxes}: create-or-get, list, read, destroy (API.md "Sandboxes"). */
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

    @GET
    public Page<SandboxView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return sandboxes.list(tenant.name(), PageRequest.of(limit, cursor));
    }

    /** 202 with the job that destroys the container and everything running in it. */
    @DELETE
    @Path("{sandboxId}")
    public Response destroy(@PathParam("sandboxId") String sandboxId) {
        ClientIds.require(sandboxId, "sandboxId");
        JobView job = jobs.destroySandbox(tenant.name(), sandboxId);
        return Response.status(202).header("Location", "/api/v1/jobs/" + job.id()).entity(job).build();
    }

    @GET
    @Path("{sandboxId}")
    public SandboxView get(@PathParam("sandboxId") String sandboxId) {
        ClientIds.require(sandboxId, "sandboxId");
        return SandboxView.of(sandboxes.get(tenant.name(), sandboxId));
    }
}
