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
import dev.boxcar.api.openapi.Documented;
import dev.boxcar.api.openapi.ExecRequestDocument;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/exec}: a job in a fresh throw-away container, destroyed afterwards. */
@Tag(name = Documented.TAG_JOBS)
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

    @Operation(summary = "Run a command in a throw-away container",
            description = "A fresh container, network none, destroyed afterwards: the grading case.")
    @RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExecRequestDocument.class)))
    @APIResponse(responseCode = "202", description = "Accepted; Location names the job",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "200", description = "Finished within wait",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
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
