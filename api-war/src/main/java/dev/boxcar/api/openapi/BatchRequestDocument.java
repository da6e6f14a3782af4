package dev.boxcar.api.openapi;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /batches}; an invalid item rejects the whole batch. */
@Schema(name = "BatchRequest")
public record BatchRequestDocument(
        @Schema(required = true, minItems = 1, maxItems = 1000) List<ExecRequestDocument> jobs,
        @Schema(description = "POSTed the batch JSON when it is done, signed with X-Boxcar-Signature; "
                + "its host:port must be on the server's allow-list") String callbackUrl) {
}
