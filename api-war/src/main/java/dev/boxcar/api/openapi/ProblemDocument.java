package dev.boxcar.api.openapi;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An error answer (RFC 9457), as {@code Problems} builds it. */
@Schema(name = "Problem", description = "application/problem+json (RFC 9457). Never a stack trace, never HTML.")
public record ProblemDocument(
        @Schema(description = "A URI naming the kind of problem", examples = "about:blank") String type,
        @Schema(examples = "Bad Request") String title,
        @Schema(examples = "400") int status,
        @Schema(description = "What was wrong, in words a client can act on") String detail,
        @Schema(description = "Validation failures, one per field") List<FieldErrorDocument> errors) {

    @Schema(name = "FieldError")
    public record FieldErrorDocument(
            @Schema(description = "The field, with its path for nested ones", examples = "jobs[3].timeoutMs") String field,
            String message) {
    }
}
