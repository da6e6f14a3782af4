package dev.boxcar.client;

import dev.boxcar.client.model.Page;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * JSON in and out with JSON-B. Requests leave null fields out (the server rejects nothing it does
 * not know, but it does reject unknown fields, and a left-out field takes its default); answers
 * ignore fields this client does not know, so a newer server with more fields still reads.
 */
final class JsonMapping {
    /** One instance: Yasson caches its class models per instance, and it is thread-safe. */
    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withNullValues(false)
            .setProperty("jsonb.fail-on-unknown-properties", false));

    private JsonMapping() {
    }

    static byte[] toJson(Object value) {
        return JSONB.toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    static <T> T fromJson(byte[] json, Class<T> type) {
        return fromJson(json, (Type) type);
    }

    static <T> T fromJson(byte[] json, Type type) {
        try {
            return JSONB.fromJson(new String(json, StandardCharsets.UTF_8), type);
        } catch (JsonbException e) {
            throw new BoxcarException("cannot read the server's answer as " + type.getTypeName() + ": "
                    + Bodies.preview(json), e);
        }
    }

    /** The generic type {@code Page<item>}, which JSON-B needs to build the items. */
    static Type pageOf(Class<?> item) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return new Type[] {item};
            }

            @Override
            public Type getRawType() {
                return Page.class;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }

            @Override
            public String getTypeName() {
                return "Page<" + item.getSimpleName() + ">";
            }
        };
    }
}
