package dev.boxcar.api.job;

import dev.boxcar.api.auth.CurrentTenant;
import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.api.idempotency.Idempotency;
import dev.boxcar.api.json.JsonBodies;
import dev.boxcar.api.waiting.WaitParameter;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
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
    ExecSubmissions submissions;

    @POST
    public void exec(@QueryParam("wait") String wait, @HeaderParam(Idempotency.HEADER) String idempotencyKey,
                     InputStream body, @Suspended AsyncResponse async) {
        Integer seconds = WaitParameter.parse(wait);
        byte[] bytes = JsonBodies.readBytes(body, config.maxRequestBytes());
        var spec = ExecRequestReader.forThrowaway(JsonBodies.parseObject(bytes, false), config.imageNames());
        submissions.submit(tenant.name(), null, spec,
                new ExecSubmissions.Submission("/api/v1/exec", bytes, idempotencyKey, seconds), async);
    }
}
