package dev.boxcar.api.json;

import dev.boxcar.api.problem.Problems;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonStructure;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads request bodies with the configured size limit (413 beyond it). */
public final class JsonBodies {
    /** Made once: {@code Json.createReader} looks the provider up (a class-path scan) on every call. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(java.util.Map.of());

    private JsonBodies() {
    }

    /** The whole body, or 413 when it is larger than {@code maxBytes}. */
    public static byte[] readBytes(InputStream in, long maxBytes) {
        if (in == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw Problems.tooLarge(maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object; an empty body reads as {@code {}} when {@code emptyAllowed}. */
    public static JsonObject readObject(InputStream in, long maxBytes, boolean emptyAllowed) {
        return parseObject(readBytes(in, maxBytes), emptyAllowed);
    }

    /** Parses a body already read (and size-checked) as a JSON object. */
    public static JsonObject parseObject(byte[] bytes, boolean emptyAllowed) {
        if (isBlank(bytes)) {
            if (emptyAllowed) {
                return JsonObject.EMPTY_JSON_OBJECT;
            }
            throw Problems.badRequest("the request needs a JSON object body");
        }
        JsonShape.check(bytes);
        try (JsonReader reader = READERS.createReader(new ByteArrayInputStream(bytes))) {
            JsonStructure structure = reader.read();
            if (!(structure instanceof JsonObject object)) {
                throw Problems.badRequest("the request body must be a JSON object");
            }
            return object;
        } catch (JsonParsingException e) {
            throw Problems.badRequest("the request body is not valid JSON: " + e.getMessage());
        } catch (JsonException | NumberFormatException | ArithmeticException e) {
            throw Problems.badRequest("the request body is not valid JSON");
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
