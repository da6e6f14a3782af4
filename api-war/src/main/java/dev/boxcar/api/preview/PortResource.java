package dev.boxcar.api.preview;

import dev.boxcar.api.auth.CurrentTenant;
import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.api.json.ClientIds;
import dev.boxcar.api.json.JsonBodies;
import dev.boxcar.api.openapi.Documented;
import dev.boxcar.api.openapi.PortRequestDocument;
import dev.boxcar.api.paging.Page;
import dev.boxcar.api.problem.Problems;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/sandboxes/{sandboxId}/ports}: preview URLs for ports inside a sandbox (API.md "Ports"). */
@Tag(name = Documented.TAG_PORTS)
@RequestScoped
@Path("/api/v1/sandboxes/{sandboxId}/ports")
@Produces(MediaType.APPLICATION_JSON)
public class PortResource {
    @Inject
    CurrentTenant tenant;
    @Inject
    ApiConfig config;
    @Inject
    SandboxPorts ports;
    @Inject
    OpenPreviews previews;
    @Context
    UriInfo uri;

    @Operation(summary = "Expose a port",
            description = "Gives a preview URL that proxies HTTP and WebSockets to 127.0.0.1:port inside the sandbox, "
                    + "with network none too. The URL carries its own unguessable token and needs no API token.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = PortRequestDocument.class)))
    @APIResponse(responseCode = "201", description = "Exposed",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PortView.class)))
    @APIResponse(responseCode = "200", description = "The port was exposed already: the same object",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PortView.class)))
    @APIResponse(responseCode = "404", description = "No such sandbox for this tenant (nothing is created)",
            content = @Content(mediaType = Documented.PROBLEM_JSON))
    @APIResponse(responseCode = "409", description = "The sandbox exposes as many ports as it may",
            content = @Content(mediaType = Documented.PROBLEM_JSON))
    @POST
    public Response expose(@PathParam("sandboxId") String sandboxId, InputStream body) {
        ClientIds.require(sandboxId, "sandboxId");
        byte[] bytes = JsonBodies.readBytes(body, config.maxRequestBytes());
        PortRequest request = PortRequest.read(JsonBodies.parseObject(bytes, false));
        SandboxPorts.Exposed exposed = ports.expose(tenant.name(), sandboxId, request);
        return Response.status(exposed.created() ? 201 : 200).entity(exposed.port().view(previewBase())).build();
    }

    @Operation(summary = "List a sandbox's exposed ports", description = "In port order, all on one page")
    @GET
    public Page<PortView> list(@PathParam("sandboxId") String sandboxId) {
        ClientIds.require(sandboxId, "sandboxId");
        String base = previewBase();
        return new Page<>(ports.list(tenant.name(), sandboxId).stream().map(p -> p.view(base)).toList(), null);
    }

    @Operation(summary = "Close a port", description = "Its URL answers 404 from now on; open connections are cut.")
    @APIResponse(responseCode = "204", description = "Closed")
    @DELETE
    @Path("{port}")
    public Response close(@PathParam("sandboxId") String sandboxId, @PathParam("port") String port) {
        ClientIds.require(sandboxId, "sandboxId");
        int number = parsePort(port);
        previews.cut(ports.close(tenant.name(), sandboxId, number));
        return Response.noContent().build();
    }

    /** A port that cannot exist is not exposed: 404, like any other port that is not. */
    private static int parsePort(String port) {
        try {
            int number = Integer.parseInt(port);
            if (number >= 1 && number <= 65_535) {
                return number;
            }
        } catch (NumberFormatException e) {
            // falls through to the 404
        }
        throw Problems.notFound("port " + port);
    }

    private String previewBase() {
        String base = config.publicUrl().orElseGet(() -> uri.getBaseUri().toString());
        return (base.endsWith("/") ? base : base + "/") + "preview/";
    }
}
