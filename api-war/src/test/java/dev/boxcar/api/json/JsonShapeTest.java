package dev.boxcar.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.api.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bodies that made the parser or the range checks fail with a 500 are 400s before parsing. */
class JsonShapeTest {

    private static String refused(byte[] body) {
        ProblemException problem = assertThrows(ProblemException.class, () -> JsonBodies.parseObject(body, false));
        assertEquals(400, problem.status());
        return problem.getMessage();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nestingDeeperThanSixtyFourLevelsIsRefused() {
        assertTrue(refused(utf8("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}")).contains("nested deeper"));
        assertTrue(refused(utf8("{\"a\":".repeat(3000) + "1" + "}".repeat(3000))).contains("nested deeper"));
        JsonBodies.parseObject(utf8("{\"a\":" + "[".repeat(63) + "]".repeat(63) + "}"), false);
    }

    @Test
    void aFiveThousandDigitNumberIsRefused() {
        assertTrue(refused(utf8("{\"timeoutMs\":" + "9".repeat(5000) + "}")).contains("number longer"));
    }

    @Test
    void bracketsAndDigitsInsideStringsDoNotCount() {
        String inString = "\"" + "[".repeat(100) + "9".repeat(100) + "\\\"" + "\"";
        assertEquals(1, JsonBodies.parseObject(utf8("{\"a\":" + inString + "}"), false).size());
    }

    @Test
    void aBodyThatIsNotValidUtf8IsRefused() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'};
        assertTrue(refused(body).contains("UTF-8"));
        byte[] surrogate = {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        assertTrue(refused(surrogate).contains("UTF-8"));
    }
}
