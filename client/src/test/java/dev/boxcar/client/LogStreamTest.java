package dev.boxcar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boxcar.client.model.LogEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Output events carry their text as one JSON string literal; the client gives it back exactly. */
class LogStreamTest {

    private static List<LogEvent> read(String wire) {
        try (LogStream stream = new LogStream(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)))) {
            return stream.stream().toList();
        }
    }

    @Test
    void blankLinesAndTheFinalNewlineArrive() {
        List<LogEvent> events = read("event: stdout\nid: 7\ndata: \"a\\nb\\n\\nc\\n\"\n\n");
        assertEquals(new LogEvent("stdout", 7L, "a\nb\n\nc\n", null, null), events.get(0));
    }

    @Test
    void carriageReturnsWindowsLineEndsQuotesAndBackslashesArrive() {
        List<LogEvent> events = read("event: stderr\r\nid: 40\r\ndata: \"10%\\r50%\\r\\nsaid \\\"hi\\\" C:\\\\tmp\\t!\\r\\n\"\r\n\r\n");
        assertEquals("10%\r50%\r\nsaid \"hi\" C:\\tmp\t!\r\n", events.get(0).text());
        assertEquals("stderr", events.get(0).stream());
    }

    @Test
    void nonAsciiArrivesWhetherSentAsUtf8OrAsEscapes() {
        List<LogEvent> events = read("event: stdout\nid: 12\ndata: \"café ☃ 😀\\n\"\n\n"
                + "event: stdout\nid: 24\ndata: \"caf\\u00e9 \\u2603 \\ud83d\\ude00\\n\"\n\n");
        assertEquals("café ☃ 😀\n", events.get(0).text());
        assertEquals("café ☃ 😀\n", events.get(1).text());
    }

    @Test
    void aChunkOfOnlyNewlinesOrNothingStaysSo() {
        assertEquals("\n\n", LogStream.outputText("\"\\n\\n\""));
        assertEquals("", LogStream.outputText("\"\""));
    }

    @Test
    void dataThatIsNoJsonStringIsTakenAsTheText() {
        assertEquals("a\nb", LogStream.outputText("a\nb"), "a server from before the JSON format");
        assertEquals("\"unterminated", LogStream.outputText("\"unterminated"));
        assertEquals("\"quoted\" and more", LogStream.outputText("\"quoted\" and more"));
    }

    @Test
    void keepAlivesBetweenEventsAndTheEndEventAreUnchanged() {
        List<LogEvent> events = read("event: stdout\nid: 2\ndata: \"x\\n\"\n\n: keep-alive\n\n"
                + "event: end\ndata: {\"status\":\"exited\",\"exitCode\":3}\n\n");
        assertEquals(2, events.size());
        assertEquals("x\n", events.get(0).text());
        assertEquals("exited", events.get(1).status());
        assertEquals(3, events.get(1).exitCode());
        assertEquals("{\"status\":\"exited\",\"exitCode\":3}", events.get(1).text());
    }
}
