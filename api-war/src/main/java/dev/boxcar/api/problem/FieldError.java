package dev.boxcar.api.problem;

/** One validation failure: the request field (e.g. {@code jobs[3].timeoutMs}) and what is wrong. */
public record FieldError(String field, String message) {
}
