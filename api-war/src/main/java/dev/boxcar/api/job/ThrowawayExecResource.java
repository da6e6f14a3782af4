package dev.boxcar.api.job;

import dev.boxcar.api.auth.CurrentTenant;
import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.api.json.JsonBodies;
import dev.boxcar.api.waiting.WaitParameter;
import dev.boxcar.core.job.ExecSpec;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;

/** {@code POST /api/v1/exec}: a job in a fresh throw-away container, destroyed afterwards. */
@RequestScoped
@Path("/api/v1/exec")
@Produces(MediaType.APPLICATION_JSON)
public class ThrowawayExecResource {
    @Inject
    CurrentTenant tenant;
    @Inject
    ApiConfig config;
    @Inject
    JobService jobs;
    @Inject
    JobResponses responses;

    @POST
    public void exec(@QueryParam("wait") String wait, InputStream body, @Suspended AsyncResponse async) {
        Integer seconds = WaitParameter.parse(wait);
        ExecSpec spec = ExecRequestReader.forThrowaway(
                JsonBodies.readObject(body, config.maxRequestBytes(), false), config.imageNames());
        String tenantName = tenant.name();
        responses.submitted(jobs.submitExec(tenantName, null, spec), tenantName, seconds, async);
    }
}
