package dev.boxcar.api.problem;

import java.util.List;

/** Factory methods for the problems the API answers, so titles and types stay consistent. */
public final class Problems {
    private static final String TYPE_PREFIX = "urn:boxcar:problem:";

    private Problems() {
    }

    public static ProblemException validation(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ProblemException(400, TYPE_PREFIX + "validation", "Invalid request", detail, errors);
    }

    public static ProblemException invalidField(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, TYPE_PREFIX + "bad-request", "Bad request", detail);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, TYPE_PREFIX + "unauthorized", "Unauthorized", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, TYPE_PREFIX + "forbidden", "Forbidden", detail);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, TYPE_PREFIX + "not-found", "Not found", what + " does not exist");
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, TYPE_PREFIX + "conflict", "Conflict", detail);
    }

    public static ProblemException tooLarge(long limit) {
        return new ProblemException(413, TYPE_PREFIX + "payload-too-large", "Payload too large",
                "the request body is larger than " + limit + " bytes");
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(422, TYPE_PREFIX + "unprocessable", "Unprocessable request", detail);
    }

    /** A tenant's quota is used up (API.md "Quotas"): 429, nothing created, try again later. */
    public static ProblemException quotaExceeded(String detail, int retryAfterSeconds) {
        return new ProblemException(429, TYPE_PREFIX + "quota", "Quota exceeded", detail).retryAfter(retryAfterSeconds);
    }

    /** What stands behind the API (a sandbox's server) answered wrongly or not at all. */
    public static ProblemException badGateway(String detail) {
        return new ProblemException(502, TYPE_PREFIX + "bad-gateway", "Bad gateway", detail);
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, TYPE_PREFIX + "unavailable", "Service unavailable", detail);
    }

    public static String typeFor(int status) {
        return TYPE_PREFIX + "http-" + status;
    }
}
