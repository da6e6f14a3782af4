package dev.boxcar.api.openapi;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The OpenAPI shape of {@code PortRequest} (which reads the body by hand, to check it strictly). */
@Schema(name = "PortRequest", description = "A port inside the sandbox to expose")
public record PortRequestDocument(
        @Schema(required = true, minimum = "1", maximum = "65535", description = "The port a server listens on inside the sandbox")
        int port,
        @Schema(pattern = "^[a-z0-9][a-z0-9._-]{0,62}$", description = "A label for people")
        String name) {
}
