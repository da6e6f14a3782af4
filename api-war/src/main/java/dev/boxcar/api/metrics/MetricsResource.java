package dev.boxcar.api.metrics;

import dev.boxcar.api.openapi.Documented;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /metrics}: Prometheus text format, outside {@code /api/v1} and without a token, like health. */
@Tag(name = Documented.TAG_OPERATIONS)
@RequestScoped
@Path("/metrics")
public class MetricsResource {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    ApiMetrics metrics;

    @Operation(summary = "Prometheus metrics of this API instance")
    @APIResponse(responseCode = "200", description = "Prometheus text exposition format")
    @GET
    @Produces(PROMETHEUS_TEXT)
    public String scrape() {
        return metrics.scrape();
    }
}
