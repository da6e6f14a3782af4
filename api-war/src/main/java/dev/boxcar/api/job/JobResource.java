package dev.boxcar.api.job;

import dev.boxcar.api.auth.CurrentTenant;
import dev.boxcar.api.json.ClientIds;
import dev.boxcar.api.waiting.WaitParameter;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/v1/jobs}: read a job, optionally waiting for it to finish. */
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

    @GET
    @Path("{jobId}")
    public void get(@PathParam("jobId") String jobId, @QueryParam("wait") String wait, @Suspended AsyncResponse async) {
        Integer seconds = WaitParameter.parse(wait);
        String tenantName = tenant.name();
        JobView view = jobs.get(tenantName, ClientIds.serverId(jobId, "job"));
        responses.read(view, tenantName, seconds, async);
    }
}
