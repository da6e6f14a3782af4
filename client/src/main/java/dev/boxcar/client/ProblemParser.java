package dev.boxcar.client;

import dev.boxcar.client.model.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an error answer into a {@link BoxcarProblemException}. Reads the problem+json body with
 * JSON-P rather than binding it, so that a body with odd types (a proxy's JSON, a missing field)
 * still yields an exception with the status instead of a mapping error hiding it.
 */
final class ProblemParser {
    private ProblemParser() {
    }

    static BoxcarProblemException parse(int status, String contentType, byte[] body, Duration retryAfter) {
        JsonObject json = isJson(contentType) ? readObject(body) : null;
        if (json == null) {
            String preview = Bodies.preview(body);
            return new BoxcarProblemException("about:blank", reasonPhrase(status), status,
                    preview.isEmpty() ? null : preview, List.of(), retryAfter);
        }
        return new BoxcarProblemException(
                string(json, "type", "about:blank"),
                string(json, "title", reasonPhrase(status)),
                json.get("status") != null && json.get("status").getValueType() == JsonValue.ValueType.NUMBER
                        ? json.getInt("status") : status,
                string(json, "detail", null),
                fieldErrors(json),
                retryAfter);
    }

    private static boolean isJson(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("application/problem+json") || type.startsWith("application/json");
    }

    private static JsonObject readObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            return value.getValueType() == JsonValue.ValueType.OBJECT ? value.asJsonObject() : null;
        } catch (JsonException | IllegalStateException notJson) {
            return null;
        }
    }

    private static List<FieldError> fieldErrors(JsonObject json) {
        JsonValue errors = json.get("errors");
        if (errors == null || errors.getValueType() != JsonValue.ValueType.ARRAY) {
            return List.of();
        }
        List<FieldError> fields = new ArrayList<>();
        for (JsonValue item : errors.asJsonArray()) {
            if (item.getValueType() == JsonValue.ValueType.OBJECT) {
                JsonObject error = item.asJsonObject();
                fields.add(new FieldError(string(error, "field", null), string(error, "message", null)));
            }
        }
        return fields;
    }

    private static String string(JsonObject json, String name, String fallback) {
        JsonValue value = json.get(name);
        return value != null && value.getValueType() == JsonValue.ValueType.STRING ? json.getString(name) : fallback;
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP " + status;
        };
    }
}
