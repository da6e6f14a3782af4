package dev.boxcar.api.process;

import dev.boxcar.api.auth.CurrentTenant;
import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.api.idempotency.Idempotency;
import dev.boxcar.api.json.ClientIds;
import dev.boxcar.api.json.JsonBodies;
import dev.boxcar.api.job.JobView;
import dev.boxcar.api.paging.Page;
import dev.boxcar.api.paging.PageRequest;
import dev.boxcar.api.problem.Problems;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.InputStream;
import dev.boxcar.api.openapi.Documented;
import dev.boxcar.api.openapi.ProblemDocument;
import dev.boxcar.api.openapi.ProcessRequestDocument;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/sandboxes/{sandboxId}/processes} (API.md "Process jobs"). */
@Tag(name = Documented.TAG_PROCESSES)
@RequestScoped
@Path("/api/v1/sandboxes/{sandboxId}/processes")
@Produces(MediaType.APPLICATION_JSON)
public class ProcessResource {
    @Inject
    CurrentTenant tenant;
    @Inject
    ApiConfig config;
    @Inject
    ProcessService processes;
    @Inject
    ProcessLogStreamer streamer;
    @Inject
    Idempotency idempotency;

    @Operation(summary = "Start a background process",
            description = "It keeps running after the job that started it has finished.")
    @RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProcessRequestDocument.class)))
    @APIResponse(responseCode = "202", description = "Starting; Location names the process",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProcessView.class)))
    @APIResponse(responseCode = "409", description = "A live process of the sandbox has that name, or the sandbox is being destroyed",
            content = @Content(mediaType = Documented.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @POST
    public Response start(@PathParam("sandboxId") String sandboxId,
                          @HeaderParam(Idempotency.HEADER) String idempotencyKey, InputStream body) {
        ClientIds.require(sandboxId, "sandboxId");
        byte[] bytes = JsonBodies.readBytes(body, config.maxRequestBytes());
        ProcessRequest request = ProcessRequest.read(JsonBodies.parseObject(bytes, false));
        String tenantName = tenant.name();
        ProcessView process = idempotency.run(tenantName, idempotencyKey, "POST",
                "/api/v1/sandboxes/" + sandboxId + "/processes", bytes,
                () -> {
                    ProcessView started = processes.start(tenantName, sandboxId, request);
                    return new Idempotency.Created<>(started, "process", started.id(), 202);
                },
                earlier -> ProcessView.of(processes.find(tenantName, sandboxId, earlier.objectId())));
        return Response.status(202)
                .header("Location", "/api/v1/sandboxes/" + sandboxId + "/processes/" + process.id())
                .entity(process).build();
    }

    @Operation(summary = "List a sandbox's processes",
            description = "Newest first")
    @GET
    public Page<ProcessView> list(@PathParam("sandboxId") String sandboxId, @QueryParam("limit") String limit,
                                  @QueryParam("cursor") String cursor) {
        ClientIds.require(sandboxId, "sandboxId");
        return processes.list(tenant.name(), sandboxId, PageRequest.of(limit, cursor));
    }

    @Operation(summary = "Read a process",
            description = "By id, or by name (the live one, else the newest)")
    @GET
    @Path("{processId}")
    public ProcessView get(@PathParam("sandboxId") String sandboxId, @PathParam("processId") String processId) {
        ClientIds.require(sandboxId, "sandboxId");
        return ProcessView.of(processes.find(tenant.name(), sandboxId, processId));
    }

    @Operation(summary = "Read a process's output so far",
            description = "At most 5 s old; at least the newest 1 MiB of each stream kept")
    @GET
    @Path("{processId}/logs")
    public ProcessLogsView logs(@PathParam("sandboxId") String sandboxId, @PathParam("processId") String processId,
                                @QueryParam("stream") String stream, @QueryParam("tail") String tail,
                                @QueryParam("afterOffset") String afterOffset) {
        ClientIds.require(sandboxId, "sandboxId");
        String which = stream == null ? "both" : stream;
        if (!which.equals("stdout") && !which.equals("stderr") && !which.equals("both")) {
            throw Problems.invalidField("stream", "must be stdout, stderr or both");
        }
        Integer lines = tail == null ? null : (int) parse(tail, "tail", 1, 100_000);
        Long after = afterOffset == null ? null : parse(afterOffset, "afterOffset", 0, Long.MAX_VALUE);
        return ProcessLogsView.of(processes.find(tenant.name(), sandboxId, processId), which, lines, after);
    }

    /** Live output as Server-Sent Events (an extension; see README). */
    @Operation(summary = "Stream a process's output (extension)",
            description = "Server-Sent Events: stdout and stderr events (data: the new output as a JSON string;"
                    + " id: the byte offset after it), then an end event ({\"status\":...,\"exitCode\":...}).")
    @APIResponse(responseCode = "200", description = "An event stream")
    @GET
    @Path("{processId}/logs/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@PathParam("sandboxId") String sandboxId, @PathParam("processId") String processId,
                       @Context SseEventSink sink, @Context Sse sse) {
        ClientIds.require(sandboxId, "sandboxId");
        String tenantName = tenant.name();
        processes.find(tenantName, sandboxId, processId);
        streamer.stream(tenantName, sandboxId, processId, sink, sse);
    }

    /** 202 with the kill job; TERM is followed by KILL after 5 s. A process that ended: 409. */
    @Operation(summary = "Kill a process and its whole tree",
            description = "TERM is followed by KILL after 5 s")
    @APIResponse(responseCode = "202", description = "The kill job",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "409", description = "The process had already ended",
            content = @Content(mediaType = Documented.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @DELETE
    @Path("{processId}")
    public Response kill(@PathParam("sandboxId") String sandboxId, @PathParam("processId") String processId,
                         @QueryParam("signal") String signal) {
        ClientIds.require(sandboxId, "sandboxId");
        String sig = signal == null ? "TERM" : signal;
        if (!sig.equals("TERM") && !sig.equals("KILL")) {
            throw Problems.invalidField("signal", "must be TERM or KILL");
        }
        JobView job = processes.kill(tenant.name(), sandboxId, processId, sig);
        return Response.status(202).header("Location", "/api/v1/jobs/" + job.id()).entity(job).build();
    }

    private static long parse(String value, String name, long min, long max) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw Problems.invalidField(name, "must be a whole number from " + min + " to " + max);
    }
}
