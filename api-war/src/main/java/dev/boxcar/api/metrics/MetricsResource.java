package dev.boxcar.api.metrics;

import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.api.openapi.Documented;
import dev.boxcar.api.problem.Problems;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /metrics}: Prometheus text format, outside {@code /api/v1}; for callers on this host,
 * or for any that sends {@code BOXCAR_METRICS_TOKEN} ({@link MetricsAccess}).
 */
@Tag(name = Documented.TAG_OPERATIONS)
@RequestScoped
@Path("/metrics")
public class MetricsResource {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    ApiMetrics metrics;
    @Inject
    ApiConfig config;

    @Operation(summary = "Prometheus metrics of this API instance",
            description = "From this host, or with the bearer token BOXCAR_METRICS_TOKEN")
    @APIResponse(responseCode = "200", description = "Prometheus text exposition format")
    @APIResponse(responseCode = "401", description = "BOXCAR_METRICS_TOKEN is set and was not sent")
    @APIResponse(responseCode = "403", description = "Not from this host, and no BOXCAR_METRICS_TOKEN is set")
    @GET
    @Produces(PROMETHEUS_TEXT)
    public String scrape(@Context HttpServletRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return switch (MetricsAccess.check(request.getRemoteAddr(), config.metricsToken(), authorization)) {
            case ALLOWED -> metrics.scrape();
            case WRONG_TOKEN -> throw Problems.unauthorized("send Authorization: Bearer <BOXCAR_METRICS_TOKEN>");
            case LOOPBACK_ONLY -> throw Problems.forbidden("metrics are served to this host only; set "
                    + "BOXCAR_METRICS_TOKEN to scrape from elsewhere");
        };
    }
}
