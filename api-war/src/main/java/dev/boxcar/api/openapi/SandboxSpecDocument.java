package dev.boxcar.api.openapi;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The optional body of {@code PUT /sandboxes/{id}}: configuration is fixed at creation. */
@Schema(name = "SandboxSpec")
public record SandboxSpecDocument(
        @Schema(defaultValue = "default", description = "An image of the server's allow-list") String image,
        Map<String, String> env,
        @Schema(minimum = "64", maximum = "16384", defaultValue = "512") Integer memoryMb,
        @Schema(minimum = "0.1", maximum = "16", defaultValue = "1.0") Double cpus,
        @Schema(minimum = "16", maximum = "4096", defaultValue = "256") Integer pids,
        @Schema(enumeration = {"none", "bridge"}, defaultValue = "none") String network,
        @Schema(enumeration = {"sandbox", "root"}, defaultValue = "sandbox") String user,
        @Schema(minimum = "10", maximum = "604800", defaultValue = "900") Integer idleTimeoutSeconds) {
}
