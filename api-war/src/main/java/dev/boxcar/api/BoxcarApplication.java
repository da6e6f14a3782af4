package dev.boxcar.api;

import dev.boxcar.api.openapi.Documented;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** JAX-RS at the root: resources live under {@code /api/v1} and {@code /health} (API.md). */
@ApplicationPath("/")
@OpenAPIDefinition(
        info = @Info(title = "Boxcar API", version = "1",
                description = "Run other people's code: exec jobs in per-tenant sandboxes or throw-away containers, "
                        + "graded runs and batches, background processes and files. Every /api/v1 call needs "
                        + "`Authorization: Bearer <token>`; errors are application/problem+json."),
        tags = {
                @Tag(name = Documented.TAG_SANDBOXES, description = "Long-lived per-tenant containers"),
                @Tag(name = Documented.TAG_JOBS, description = "Exec jobs: submit, read (long-poll), stream, cancel"),
                @Tag(name = Documented.TAG_PROCESSES, description = "Background processes in a sandbox"),
                @Tag(name = Documented.TAG_FILES, description = "Raw bytes in and out of a sandbox"),
                @Tag(name = Documented.TAG_BATCHES, description = "Grading many programs at once"),
                @Tag(name = Documented.TAG_HEALTH, description = "Liveness and readiness, no token"),
                @Tag(name = Documented.TAG_OPERATIONS, description = "Prometheus metrics, no token")})
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A token of BOXCAR_API_TOKENS (tenant:token pairs)")
public class BoxcarApplication extends Application {
}
