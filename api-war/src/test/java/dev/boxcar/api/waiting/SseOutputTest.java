package dev.boxcar.api.waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class SseOutputTest {

    private static String parsed(String literal) {
        try (JsonReader reader = Json.createReader(new StringReader(literal))) {
            return ((jakarta.json.JsonString) reader.readValue()).getString();
        }
    }

    @Test
    void outputBecomesOneJsonStringLiteralWithoutLineBreaks() {
        assertEquals("\"a\\nb\\n\\nc\\n\"", SseOutput.jsonString("a\nb\n\nc\n"));
        String nasty = "line\r\n\r10%\u0000 \"quoted\" back\\slash caf\u00e9 \u2603 \ud83d\ude00\t\n";
        String literal = SseOutput.jsonString(nasty);
        assertFalse(literal.contains("\n") || literal.contains("\r"), literal);
        assertEquals(nasty, parsed(literal));
    }
}
