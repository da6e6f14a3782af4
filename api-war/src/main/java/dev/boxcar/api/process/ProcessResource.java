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

/** {@code /api/v1/sandboxes/{sandboxId}/processes} (API.md "Process jobs"). */
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

    @GET
    public Page<ProcessView> list(@PathParam("sandboxId") String sandboxId, @QueryParam("limit") String limit,
                                  @QueryParam("cursor") String cursor) {
        ClientIds.require(sandboxId, "sandboxId");
        return processes.list(tenant.name(), sandboxId, PageRequest.of(limit, cursor));
    }

    @GET
    @Path("{processId}")
    public ProcessView get(@PathParam("sandboxId") String sandboxId, @PathParam("processId") String processId) {
        ClientIds.require(sandboxId, "sandboxId");
        return ProcessView.of(processes.find(tenant.name(), sandboxId, processId));
    }

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
