package dev.boxcar.core.json;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/** One shared, thread-safe JSON-B instance for the JSON stored in the database and sent on JMS. */
public final class Json {
    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(true)
            .withBinaryDataStrategy(jakarta.json.bind.config.BinaryDataStrategy.BASE_64));

    private Json() {
    }

    public static String write(Object value) {
        return JSONB.toJson(value);
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return JSONB.fromJson(json, type);
        } catch (JsonbException e) {
            throw new IllegalArgumentException("malformed JSON for " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Reads UTF-8 JSON bytes without making a string of them first. */
    public static <T> T read(byte[] json, int length, Class<T> type) {
        try {
            return JSONB.fromJson(new java.io.ByteArrayInputStream(json, 0, length), type);
        } catch (JsonbException e) {
            throw new IllegalArgumentException("malformed JSON for " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Reads a JSON object of strings, keeping its order. */
    public static Map<String, String> readStringMap(String json) {
        try {
            return JSONB.fromJson(json, STRING_MAP);
        } catch (JsonbException e) {
            throw new IllegalArgumentException("malformed JSON object: " + e.getMessage(), e);
        }
    }

    private static final Type STRING_MAP = new LinkedHashMap<String, String>() { }.getClass().getGenericSuperclass();
}
