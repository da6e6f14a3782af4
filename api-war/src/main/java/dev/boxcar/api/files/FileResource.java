package dev.boxcar.api.files;

import dev.boxcar.api.auth.CurrentTenant;
import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.api.job.JobResponses;
import dev.boxcar.api.job.JobService;
import dev.boxcar.api.job.JobView;
import dev.boxcar.api.json.ClientIds;
import dev.boxcar.api.json.JsonBodies;
import dev.boxcar.api.problem.ProblemResponses;
import dev.boxcar.api.problem.Problems;
import dev.boxcar.api.waiting.WaitParameter;
import dev.boxcar.api.waiting.Waiters;
import dev.boxcar.core.job.JobType;
import dev.boxcar.core.process.FileJobs;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import dev.boxcar.api.openapi.Documented;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/sandboxes/{sandboxId}/files?path=}: raw bytes in and out (API.md "Files"). */
@Tag(name = Documented.TAG_FILES)
@RequestScoped
@Path("/api/v1/sandboxes/{sandboxId}/files")
public class FileResource {
    private static final int DEFAULT_READ_WAIT = 10;

    @Inject
    CurrentTenant tenant;
    @Inject
    ApiConfig config;
    @Inject
    FileStore store;
    @Inject
    JobService jobs;
    @Inject
    JobResponses responses;
    @Inject
    Waiters waiters;

    /** 202 with the write job (200 once done, with {@code wait}). */
    @Operation(summary = "Write a file",
            description = "The raw body, parents created, as the unprivileged sandbox user")
    @RequestBody(required = true, content = @Content(mediaType = "application/octet-stream",
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "202", description = "The write job",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "200", description = "Written within wait",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @PUT
    public void write(@PathParam("sandboxId") String sandboxId, @QueryParam("path") String path,
                      @QueryParam("wait") String wait, InputStream body, @Suspended AsyncResponse async) {
        ClientIds.require(sandboxId, "sandboxId");
        String target = SandboxPaths.resolve(path);
        Integer seconds = WaitParameter.parse(wait);
        byte[] bytes = JsonBodies.readBytes(body, config.maxRequestBytes());
        String tenantName = tenant.name();
        JobView job = store.insert(tenantName, sandboxId, JobType.FILE_WRITE, FileStore.write(target, bytes));
        responses.submitted(job, tenantName, seconds, async);
    }

    /** 200 with the bytes when read in time, 404 when the file does not exist, 202 with the read job when pending. */
    @Operation(summary = "Read a file",
            description = "wait defaults to 10 s here; repeat the same GET while the answer is 202")
    @APIResponse(responseCode = "200", description = "The bytes",
            content = @Content(mediaType = "application/octet-stream", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "202", description = "Still being read: the read job",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @GET
    public void read(@PathParam("sandboxId") String sandboxId, @QueryParam("path") String path,
                     @QueryParam("wait") String wait, @Suspended AsyncResponse async) {
        ClientIds.require(sandboxId, "sandboxId");
        String target = SandboxPaths.resolve(path);
        Integer parsed = WaitParameter.parse(wait);
        int seconds = parsed == null ? DEFAULT_READ_WAIT : parsed;
        String tenantName = tenant.name();
        JobView job = store.insert(tenantName, sandboxId, JobType.FILE_READ, new FileJobs.Read(target));
        UUID jobId = UUID.fromString(job.id());
        if (seconds == 0) {
            async.resume(Response.status(202).entity(job).type(MediaType.APPLICATION_JSON).build());
            return;
        }
        waiters.await(jobId, seconds, async, () -> {
            JobView now = jobs.get(tenantName, jobId);
            return now.isFinished() ? Optional.of(answer(tenantName, now, target)) : Optional.empty();
        }, () -> {
            JobView now = jobs.get(tenantName, jobId);
            return now.isFinished() ? answer(tenantName, now, target)
                    : Response.status(202).entity(now).type(MediaType.APPLICATION_JSON).build();
        });
    }

    private Response answer(String tenantName, JobView job, String target) {
        if (!"completed".equals(job.status())) {
            String reason = job.error() == null ? "the read was " + job.status() : job.error().message();
            return ProblemResponses.of(Problems.badRequest("cannot read " + target + ": " + reason));
        }
        return store.readResult(tenantName, UUID.fromString(job.id()))
                .map(bytes -> Response.ok(bytes, MediaType.APPLICATION_OCTET_STREAM_TYPE).build())
                .orElseGet(() -> ProblemResponses.of(Problems.notFound("file " + target)));
    }
}
