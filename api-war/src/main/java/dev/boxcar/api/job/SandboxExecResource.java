package dev.boxcar.api.job;

import dev.boxcar.api.auth.CurrentTenant;
import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.api.idempotency.Idempotency;
import dev.boxcar.api.json.ClientIds;
import dev.boxcar.api.json.JsonBodies;
import dev.boxcar.api.waiting.WaitParameter;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;

/**
 * {@code POST /api/v1/sandboxes/{id}/exec} (API.md "Exec jobs"). A root resource of its own:
 * JAX-RS picks one root class per request without backtracking, and the longer literal path wins.
 */
@RequestScoped
@Path("/api/v1/sandboxes/{sandboxId}/exec")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxExecResource {
    @Inject
    CurrentTenant tenant;
    @Inject
    ApiConfig config;
    @Inject
    ExecSubmissions submissions;

    @POST
    public void exec(@PathParam("sandboxId") String sandboxId, @QueryParam("wait") String wait,
                     @HeaderParam(Idempotency.HEADER) String idempotencyKey,
                     InputStream body, @Suspended AsyncResponse async) {
        ClientIds.require(sandboxId, "sandboxId");
        Integer seconds = WaitParameter.parse(wait);
        byte[] bytes = JsonBodies.readBytes(body, config.maxRequestBytes());
        var spec = ExecRequestReader.forSandbox(JsonBodies.parseObject(bytes, false));
        submissions.submit(tenant.name(), sandboxId, spec, new ExecSubmissions.Submission(
                "/api/v1/sandboxes/" + sandboxId + "/exec", bytes, idempotencyKey, seconds), async);
    }
}
