package dev.boxcar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.model.LogEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static List<SseParser.SseEvent> parse(String... lines) {
        SseParser parser = new SseParser();
        List<SseParser.SseEvent> events = new ArrayList<>();
        for (String line : lines) {
            parser.accept(line).ifPresent(events::add);
        }
        return events;
    }

    @Test
    void eventIdAndDataUpToABlankLineMakeOneEvent() {
        List<SseParser.SseEvent> events = parse("event: stdout", "id: 6", "data: hello", "",
                "event: stderr", "id: 4", "data: oops", "");
        assertEquals(List.of(new SseParser.SseEvent("stdout", "6", "hello"), new SseParser.SseEvent("stderr", "4", "oops")),
                events);
    }

    @Test
    void multiLineOutputArrivesAsSeveralDataLinesJoinedByNewlines() {
        assertEquals("line 1\nline 2\n", parse("event: stdout", "id: 14", "data: line 1", "data: line 2", "data: ", "")
                .get(0).data());
    }

    @Test
    void commentsKeepAlivesAndUnknownFieldsAreSkipped() {
        List<SseParser.SseEvent> events = parse(": keep-alive", "", "retry: 500", "whatever: x", "event: end",
                "data: {\"status\":\"exited\"}", "");
        assertEquals(1, events.size());
        assertEquals("end", events.get(0).name());
        assertNull(events.get(0).id());
    }

    @Test
    void onlyOneSpaceAfterTheColonIsDroppedAndAFieldWithoutColonIsEmpty() {
        assertEquals("  indented", parse("data:   indented", "").get(0).data());
        assertEquals("", parse("data", "").get(0).data());
        assertEquals("message", parse("data: x", "").get(0).name(), "no event field: the default name");
    }

    @Test
    void anEndEventDoesNotInheritTheOffsetOfTheOutputBeforeIt() {
        List<SseParser.SseEvent> events = parse("event: stdout", "id: 3", "data: hi", "", "event: end",
                "data: {}", "");
        assertNull(events.get(1).id());
    }

    @Test
    void outputEventsBecomeLogEventsWithTheirOffset() {
        LogEvent event = LogStream.toLogEvent(new SseParser.SseEvent("stdout", "12", "\"ready\\n\""));
        assertEquals(new LogEvent("stdout", 12L, "ready\n", null, null), event);
        assertTrue(!event.isEnd());
    }

    @Test
    void theEndEventGivesTheFinalStatusAndExitCode() {
        LogEvent end = LogStream.toLogEvent(new SseParser.SseEvent("end", null, "{\"status\":\"killed\",\"exitCode\":-1}"));
        assertTrue(end.isEnd());
        assertEquals("killed", end.status());
        assertEquals(-1, end.exitCode());
        LogEvent jobEnd = LogStream.toLogEvent(new SseParser.SseEvent("end", null, "{\"status\":\"completed\"}"));
        assertEquals("completed", jobEnd.status());
        assertNull(jobEnd.exitCode());
        LogEvent unreadable = LogStream.toLogEvent(new SseParser.SseEvent("end", null, "not json"));
        assertTrue(unreadable.isEnd());
        assertNull(unreadable.status());
    }

    @Test
    void aLogStreamReadsEventsFromRawBytesSplittingLinesAtLineFeedsOnly() {
        String wire = "event: stdout\r\nid: 9\r\ndata: 10%\r50%\r\n\r\n: keep-alive\n\nevent: end\ndata: {\"status\":\"exited\",\"exitCode\":0}\n\n";
        try (LogStream stream = new LogStream(new java.io.ByteArrayInputStream(wire.getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
            List<LogEvent> events = stream.stream().toList();
            assertEquals(2, events.size());
            assertEquals("10%\r50%", events.get(0).text());
            assertEquals(9L, events.get(0).offset());
            assertEquals(0, events.get(1).exitCode());
        }
    }
}
