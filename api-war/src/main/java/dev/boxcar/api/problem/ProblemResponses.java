package dev.boxcar.api.problem;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

/** Builds problem+json responses (RFC 9457). */
public final class ProblemResponses {
    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemResponses() {
    }

    public static Response of(ProblemException problem) {
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(MEDIA_TYPE)
                .entity(json(problem));
        if (problem.status() == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        if (problem.retryAfterSeconds() != null) {
            response.header("Retry-After", problem.retryAfterSeconds());
        }
        return response.build();
    }

    /** The problem written by a servlet or filter, outside JAX-RS. */
    public static void write(jakarta.servlet.http.HttpServletResponse response, ProblemException problem)
            throws java.io.IOException {
        response.setStatus(problem.status());
        if (problem.retryAfterSeconds() != null) {
            response.setHeader("Retry-After", problem.retryAfterSeconds().toString());
        }
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json(problem));
    }

    /** The problem as RFC 9457 JSON text. */
    public static String json(ProblemException problem) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("type", problem.type())
                .add("title", problem.title())
                .add("status", problem.status())
                .add("detail", problem.detail() == null ? problem.title() : problem.detail());
        if (!problem.errors().isEmpty()) {
            JsonArrayBuilder errors = Json.createArrayBuilder();
            problem.errors().forEach(e -> errors.add(Json.createObjectBuilder()
                    .add("field", e.field())
                    .add("message", e.message())));
            body.add("errors", errors);
        }
        return body.build().toString();
    }

    public static Response ofStatus(int status, String title, String detail) {
        return of(new ProblemException(status, Problems.typeFor(status), title, detail));
    }
}
