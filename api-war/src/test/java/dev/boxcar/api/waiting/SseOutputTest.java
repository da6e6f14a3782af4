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

    @Test
    void aCharacterWhoseLastBytesHaveNotArrivedWaitsForThem() {
        byte[] snowman = "a\u2603".getBytes(java.nio.charset.StandardCharsets.UTF_8); // 'a' E2 98 83
        assertEquals(1, SseOutput.wholeCharacters(snowman, 0, 2), "lead byte only");
        assertEquals(1, SseOutput.wholeCharacters(snowman, 0, 3), "two of three bytes");
        assertEquals(4, SseOutput.wholeCharacters(snowman, 0, 4), "complete");
        assertEquals(1, SseOutput.wholeCharacters(snowman, 1, 3), "nothing whole after the offset yet");
        byte[] emoji = "\ud83d\ude00".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, SseOutput.wholeCharacters(emoji, 0, 3));
        assertEquals(4, SseOutput.wholeCharacters(emoji, 0, 4));
        assertEquals(2, SseOutput.wholeCharacters(new byte[] {'o', 'k'}, 0, 2));
        assertEquals(3, SseOutput.wholeCharacters(new byte[] {'x', (byte) 0x80, (byte) 0x80}, 0, 3),
                "stray continuation bytes are not UTF-8 and are not held back");
    }
}
