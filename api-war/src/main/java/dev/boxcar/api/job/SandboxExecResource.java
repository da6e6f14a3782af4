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
import dev.boxcar.api.openapi.Documented;
import dev.boxcar.api.openapi.ExecRequestDocument;
import dev.boxcar.api.openapi.ProblemDocument;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/v1/sandboxes/{id}/exec} (API.md "Exec jobs"). A root resource of its own:
 * JAX-RS picks one root class per request without backtracking, and the longer literal path wins.
 */
@Tag(name = Documented.TAG_JOBS)
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

    @Operation(summary = "Run a command in a sandbox",
            description = "Creates the sandbox with defaults if it does not exist. Jobs of one sandbox run one at a time, in submission order.")
    @RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExecRequestDocument.class)))
    @APIResponse(responseCode = "202", description = "Accepted; Location names the job",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "200", description = "Finished within wait",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "409", description = "The sandbox is being destroyed",
            content = @Content(mediaType = Documented.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
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
