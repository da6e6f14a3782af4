package dev.boxcar.api.openapi;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /sandboxes/{id}/processes}. */
@Schema(name = "ProcessRequest", description = "Exactly one of command / argv")
public record ProcessRequestDocument(
        String command,
        List<String> argv,
        @Schema(defaultValue = "/workspace") String cwd,
        Map<String, String> env,
        @Schema(description = "Unique among the sandbox's processes that have not ended",
                pattern = "^[a-z0-9][a-z0-9._-]{0,62}$") String name) {
}
