package dev.boxcar.api.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the fields of one JSON object strictly: unknown fields, wrong types and out-of-range
 * values become {@link FieldErrors} named by their full path. A missing or null field reads as
 * null (the caller applies the default).
 */
public final class ObjectReader {
    private final JsonObject object;
    private final String path;
    private final FieldErrors errors;

    public ObjectReader(JsonObject object, String path, FieldErrors errors, Set<String> allowedFields) {
        this.object = object;
        this.path = path;
        this.errors = errors;
        for (String field : object.keySet()) {
            if (!allowedFields.contains(field)) {
                errors.add(name(field), "unknown field");
            }
        }
    }

    public FieldErrors errors() {
        return errors;
    }

    public String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public boolean has(String field) {
        JsonValue value = object.get(field);
        return value != null && value.getValueType() != JsonValue.ValueType.NULL;
    }

    /**
     * A string that names something (a command, path, id, variable): a NUL character can never be
     * part of one (the kernel cuts argv, paths and environment at NUL, and PostgreSQL text refuses it).
     */
    public String string(String field) {
        String text = text(field);
        return withoutNul(text, name(field)) ? text : null;
    }

    /** A string of content (stdin, expected output, file content), where any character may appear. */
    public String text(String field) {
        JsonValue value = value(field);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        errors.add(name(field), "must be a string");
        return null;
    }

    private boolean withoutNul(String text, String path) {
        if (text != null && text.indexOf('\0') >= 0) {
            errors.add(path, "must not contain a NUL character");
            return false;
        }
        return true;
    }

    public Boolean bool(String field) {
        JsonValue value = value(field);
        if (value == null) {
            return null;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        errors.add(name(field), "must be true or false");
        return null;
    }

    public Long wholeNumber(String field, long min, long max) {
        JsonValue value = value(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonNumber n) || !isWhole(n.bigDecimalValue())) {
            errors.add(name(field), "must be a whole number");
            return null;
        }
        BigDecimal number = n.bigDecimalValue();
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            errors.add(name(field), "must be between " + min + " and " + max);
            return null;
        }
        return number.longValueExact();
    }

    public Double decimal(String field, double min, double max) {
        JsonValue value = value(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonNumber n)) {
            errors.add(name(field), "must be a number");
            return null;
        }
        double number = n.doubleValue();
        if (number < min || number > max) {
            errors.add(name(field), "must be between " + min + " and " + max);
            return null;
        }
        return number;
    }

    public String oneOf(String field, Set<String> allowed) {
        String value = string(field);
        if (value != null && !allowed.contains(value)) {
            errors.add(name(field), "must be one of " + String.join(", ", allowed));
            return null;
        }
        return value;
    }

    public Map<String, String> stringMap(String field) {
        JsonValue value = value(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject map)) {
            errors.add(name(field), "must be an object of strings");
            return null;
        }
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!withoutNul(k, name(field) + "." + k.replace("\0", "\\0"))) {
                return;
            }
            if (v instanceof JsonString s) {
                if (withoutNul(s.getString(), name(field) + "." + k)) {
                    result.put(k, s.getString());
                }
            } else {
                errors.add(name(field) + "." + k, "must be a string");
            }
        });
        return result;
    }

    public List<String> stringList(String field) {
        return list(field, (item, itemPath) -> {
            if (item instanceof JsonString s) {
                return withoutNul(s.getString(), itemPath) ? s.getString() : null;
            }
            errors.add(itemPath, "must be a string");
            return null;
        });
    }

    /** Reads an array of objects, each with its own reader at path {@code field[i]}. */
    public <T> List<T> objectList(String field, Set<String> allowedFields, Function<ObjectReader, T> readItem) {
        return list(field, (item, itemPath) -> {
            if (item instanceof JsonObject o) {
                return readItem.apply(new ObjectReader(o, itemPath, errors, allowedFields));
            }
            errors.add(itemPath, "must be an object");
            return null;
        });
    }

    private <T> List<T> list(String field, ItemReader<T> readItem) {
        JsonValue value = value(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            errors.add(name(field), "must be an array");
            return null;
        }
        List<T> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            T item = readItem.read(array.get(i), name(field) + "[" + i + "]");
            if (item != null) {
                result.add(item);
            }
        }
        return result;
    }

    private JsonValue value(String field) {
        JsonValue value = object.get(field);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
    }

    private static boolean isWhole(BigDecimal number) {
        return number.signum() == 0 || number.scale() <= 0 || number.stripTrailingZeros().scale() <= 0;
    }

    private interface ItemReader<T> {
        T read(JsonValue item, String path);
    }
}
