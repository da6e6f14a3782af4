package dev.boxcar.api.web;

import dev.boxcar.api.auth.CurrentTenant;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import org.slf4j.MDC;

/**
 * Puts the request's tenant and the ids its path names (sandbox, job, batch, process) in the
 * logging context, so that every line logged while serving it carries them (as JSON fields with
 * {@code BOXCAR_LOG_FORMAT=json}). Runs after matching, when the path parameters are known, and
 * after the token filter, which names the tenant.
 */
@Provider
public class LogContext implements ContainerRequestFilter, ContainerResponseFilter {
    static final List<String> PATH_IDS = List.of("sandboxId", "jobId", "batchId", "processId");

    @Inject
    CurrentTenant tenant;

    @Override
    public void filter(ContainerRequestContext request) {
        if (tenant.isSet()) {
            MDC.put("tenant", tenant.name());
        }
        var parameters = request.getUriInfo().getPathParameters();
        for (String name : PATH_IDS) {
            String value = parameters.getFirst(name);
            if (value != null) {
                MDC.put(name, value);
            }
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MDC.remove("tenant");
        PATH_IDS.forEach(MDC::remove);
    }
}
