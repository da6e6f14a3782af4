package dev.boxcar.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.http.HttpResponse;

/** One HTTP answer, with its body parsed as JSON when it is JSON. */
public record ApiResponse(int status, String contentType, String location, String body, String retryAfter) {

    public ApiResponse(int status, String contentType, String location, String body) {
        this(status, contentType, location, body, null);
    }

    static ApiResponse of(HttpResponse<String> response) {
        return new ApiResponse(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Location").orElse(null),
                response.body(),
                response.headers().firstValue("Retry-After").orElse(null));
    }

    /** Asserts a 400 problem+json whose {@code errors} name {@code field}. */
    public void assertRejectsField(String field) {
        org.junit.jupiter.api.Assertions.assertEquals(400, status, this::toString);
        org.junit.jupiter.api.Assertions.assertEquals("application/problem+json", contentType);
        String errors = json().getJsonArray("errors").toString();
        org.junit.jupiter.api.Assertions.assertTrue(errors.contains("\"field\":\"" + field + "\""),
                () -> "expected field " + field + " in " + errors);
    }

    public JsonObject json() {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new AssertionError("expected a JSON object, got HTTP " + status + ": " + body, e);
        }
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + contentType + " " + body;
    }
}
