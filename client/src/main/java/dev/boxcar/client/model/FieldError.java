package dev.boxcar.client.model;

/** One validation failure of a request: the field (e.g. {@code jobs[3].timeoutMs}) and what is wrong with it. */
public record FieldError(String field, String message) {
}
