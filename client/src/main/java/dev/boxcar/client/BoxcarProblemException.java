package dev.boxcar.client;

import dev.boxcar.client.model.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The server answered with an error status (4xx/5xx). The fields are those of its
 * {@code application/problem+json} body (RFC 9457); when the body was not problem+json (a proxy's
 * HTML page, say), {@code type} is {@code about:blank}, {@code title} the status line's meaning and
 * {@code detail} the start of the body.
 */
public class BoxcarProblemException extends BoxcarException {
    private final String type;
    private final String title;
    private final int status;
    private final String detail;
    private final List<FieldError> errors;
    private final Duration retryAfter;

    public BoxcarProblemException(String type, String title, int status, String detail, List<FieldError> errors,
                                  Duration retryAfter) {
        super(message(status, title, detail, errors));
        this.type = type;
        this.title = title;
        this.status = status;
        this.detail = detail;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    private static String message(int status, String title, String detail, List<FieldError> errors) {
        StringBuilder text = new StringBuilder("HTTP ").append(status).append(' ').append(title);
        if (detail != null && !detail.equals(title)) {
            text.append(": ").append(detail);
        }
        if (errors != null && !errors.isEmpty()) {
            text.append(' ').append(errors);
        }
        return text.toString();
    }

    /** The problem type URI, e.g. {@code urn:boxcar:problem:quota} ({@code about:blank} when none). */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    /** The fields a validation failure names ({@code errors[]}); empty when none. */
    public List<FieldError> errors() {
        return errors;
    }

    /** True when {@link #errors()} names this field, e.g. {@code jobs[1].timeoutMs}. */
    public boolean hasFieldError(String field) {
        return errors.stream().anyMatch(e -> field.equals(e.field()));
    }

    /** When to try again ({@code Retry-After}), as quota and outage answers say. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
