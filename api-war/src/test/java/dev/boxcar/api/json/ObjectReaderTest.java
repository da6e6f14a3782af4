package dev.boxcar.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.api.problem.FieldError;
import dev.boxcar.api.problem.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ObjectReaderTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static List<FieldError> errorsOf(FieldErrors errors) {
        ProblemException problem = assertThrows(ProblemException.class, errors::throwIfAny);
        assertEquals(400, problem.status());
        return problem.errors();
    }

    @Test
    void unknownFieldsAreNamedWithTheirPath() {
        FieldErrors errors = new FieldErrors();
        new ObjectReader(json("{\"a\":1,\"typo\":2}"), "jobs[3]", errors, Set.of("a"));
        assertEquals(List.of(new FieldError("jobs[3].typo", "unknown field")), errorsOf(errors));
    }

    @Test
    void wholeNumbersOutsideTheRangeAreRejectedNotClamped() {
        FieldErrors errors = new FieldErrors();
        ObjectReader r = new ObjectReader(json("{\"low\":0,\"high\":601,\"ok\":5,\"frac\":1.5,\"text\":\"5\"}"), "", errors,
                Set.of("low", "high", "ok", "frac", "text"));
        assertNull(r.wholeNumber("low", 1, 600));
        assertNull(r.wholeNumber("high", 1, 600));
        assertEquals(5L, r.wholeNumber("ok", 1, 600));
        assertNull(r.wholeNumber("frac", 1, 600));
        assertNull(r.wholeNumber("text", 1, 600));
        assertEquals(List.of("low", "high", "frac", "text"), errorsOf(errors).stream().map(FieldError::field).toList());
    }

    @Test
    void aWholeNumberWrittenWithADecimalPointIsStillWhole() {
        FieldErrors errors = new FieldErrors();
        ObjectReader r = new ObjectReader(json("{\"n\":2.0}"), "", errors, Set.of("n"));
        assertEquals(2L, r.wholeNumber("n", 1, 5));
        assertTrue(errors.isEmpty());
    }

    @Test
    void missingAndNullFieldsReadAsNullWithoutErrors() {
        FieldErrors errors = new FieldErrors();
        ObjectReader r = new ObjectReader(json("{\"s\":null}"), "", errors, Set.of("s", "t"));
        assertNull(r.string("s"));
        assertNull(r.string("t"));
        assertFalse(r.has("s"));
        assertTrue(errors.isEmpty());
    }

    @Test
    void nestedListsNameTheItemThatIsWrong() {
        FieldErrors errors = new FieldErrors();
        ObjectReader r = new ObjectReader(json("{\"files\":[{\"path\":\"a\"},{\"path\":3},\"x\"]}"), "", errors, Set.of("files"));
        List<String> paths = r.objectList("files", Set.of("path"), item -> item.string("path"));
        assertEquals(List.of("a"), paths);
        assertEquals(List.of("files[1].path", "files[2]"), errorsOf(errors).stream().map(FieldError::field).toList());
    }

    @Test
    void stringMapsRejectNonStringValues() {
        FieldErrors errors = new FieldErrors();
        ObjectReader r = new ObjectReader(json("{\"env\":{\"A\":\"1\",\"B\":2}}"), "", errors, Set.of("env"));
        assertEquals(Map.of("A", "1"), r.stringMap("env"));
        assertEquals(List.of("env.B"), errorsOf(errors).stream().map(FieldError::field).toList());
    }

    @Test
    void aNulCharacterIsRefusedInNamesButKeptInContent() {
        FieldErrors errors = new FieldErrors();
        ObjectReader reader = new ObjectReader(json("{\"cwd\":\"/a\\u0000b\",\"argv\":[\"x\\u0000\"],"
                + "\"env\":{\"K\":\"v\\u0000\"},\"stdin\":\"a\\u0000b\"}"), "", errors,
                Set.of("cwd", "argv", "env", "stdin"));
        assertNull(reader.string("cwd"));
        reader.stringList("argv");
        reader.stringMap("env");
        assertEquals("a\u0000b", reader.text("stdin"));
        assertEquals(List.of(new FieldError("cwd", "must not contain a NUL character"),
                new FieldError("argv[0]", "must not contain a NUL character"),
                new FieldError("env.K", "must not contain a NUL character")), errorsOf(errors));
    }
}
