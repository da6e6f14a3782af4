package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ServerSentEvents;
import dev.boxcar.it.support.TestEnvironment;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JobStreamIT {
    /** Blank line, final newline, a lone {@code \r} and non-ASCII: what plain SSE data lines lose. */
    static final String EXACT_OUTPUT = "a\nb\n\nc\n10%\r50%\ncaf\u00e9 \u2603\n";
    /** A shell command printing {@link #EXACT_OUTPUT} byte for byte (octal escapes for the UTF-8). */
    static final String PRINT_EXACT_OUTPUT = "printf 'a\\nb\\n\\nc\\n10%%\\r50%%\\ncaf\\303\\251 \\342\\230\\203\\n'";

    private final RawApi alice = RawApi.tenantA();

    @Test
    void aRunningExecJobsOutputArrivesAsServerSentEventsThenItsEnd() {
        String jobId = Jobs.startInSandbox(alice, TestEnvironment.sandboxId("job-sse"),
                ExecRequest.command("for i in 1 2 3 4 5 6 7 8 9 10; do echo line-$i; sleep 0.5; done").timeoutMs(60000));
        try (Stream<String> lines = alice.streamLines("/api/v1/jobs/" + jobId + "/stream")) {
            ServerSentEvents events = ServerSentEvents.of(lines);
            StringBuilder stdout = new StringBuilder();
            while (events.hasNext() && !stdout.toString().contains("line-2\n")) {
                ServerSentEvents.Event event = events.next();
                if (event.name().equals("stdout")) {
                    stdout.append(event.text());
                }
            }
            assertTrue(stdout.toString().contains("line-2\n"), stdout::toString);
            assertEquals("running", alice.get("/api/v1/jobs/" + jobId).json().getString("status"),
                    "output arrived while the job was still running");
            List<ServerSentEvents.Event> rest = events.untilEnd();
            stdout.append(ServerSentEvents.output(rest, "stdout"));
            assertTrue(stdout.toString().endsWith("line-9\nline-10\n"), "the rest of the output: " + stdout);
            assertTrue(rest.get(rest.size() - 1).isEnd(), "an end event");
        }
    }

    @Test
    void everyByteOfTheOutputArrivesBlankLinesFinalNewlineCarriageReturnAndNonAsciiIncluded() {
        String jobId = Jobs.startInSandbox(alice, TestEnvironment.sandboxId("job-sse-exact"),
                ExecRequest.command(PRINT_EXACT_OUTPUT + "; sleep 2").timeoutMs(60000));
        try (Stream<String> lines = alice.streamLines("/api/v1/jobs/" + jobId + "/stream")) {
            List<ServerSentEvents.Event> events = ServerSentEvents.of(lines).untilEnd();
            assertEquals(EXACT_OUTPUT, ServerSentEvents.output(events, "stdout"), events::toString);
            assertEquals(ServerSentEvents.bytes(EXACT_OUTPUT), ServerSentEvents.lastOffset(events, "stdout"),
                    "the last event's id counts the bytes written");
            assertTrue(events.get(events.size() - 1).isEnd(), events::toString);
        }
    }
}
