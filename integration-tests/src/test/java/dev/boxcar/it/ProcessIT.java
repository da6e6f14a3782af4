package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.BoxcarProblemException;
import dev.boxcar.client.ProcessOperations.Signal;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.LogsQuery;
import dev.boxcar.client.model.ProcessLogs;
import dev.boxcar.client.model.ProcessRequest;
import dev.boxcar.client.model.SandboxProcess;
import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.ServerSentEvents;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.Stack;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessIT {
    private final BoxcarClient alice = Clients.tenantA();
    /** For the checks of the server's exact answers: the start's 202 and Location, the kills' statuses. */
    private final RawApi raw = RawApi.tenantA();

    private String base(String sandbox) {
        return "/api/v1/sandboxes/" + sandbox + "/processes";
    }

    private SandboxProcess start(String sandbox, ProcessRequest request) {
        SandboxProcess started = alice.processes().start(sandbox, request);
        assertEquals("starting", started.status());
        return started;
    }

    private SandboxProcess awaitStatus(String sandbox, String id, String status) {
        Poll.until(Duration.ofSeconds(30), "process " + id + " to be " + status,
                () -> status.equals(alice.processes().get(sandbox, id).status()));
        return alice.processes().get(sandbox, id);
    }

    @AfterEach
    void reviveWhatATestKilled() {
        Stack.revive();
    }

    @Test
    void aProcessRunsInTheBackgroundAndItsEndAndLogsAreRecorded() {
        String sandbox = TestEnvironment.sandboxId("proc");
        ApiResponse response = raw.post(base(sandbox), Json.createObjectBuilder()
                .add("command", "echo one; echo two; echo oops >&2; sleep 1; exit 3").add("name", "worker").build().toString());
        assertEquals(202, response.status(), response::toString);
        JsonObject started = response.json();
        assertEquals("starting", started.getString("status"));
        String id = started.getString("id");
        assertEquals(base(sandbox) + "/" + id, response.location());
        SandboxProcess ended = awaitStatus(sandbox, id, "exited");
        assertEquals(3, ended.exitCode());
        assertNull(ended.signal());
        assertEquals("worker", ended.name());
        assertEquals(sandbox, ended.sandboxId());
        assertTrue(ended.pid() != null && ended.startedAt() != null && ended.endedAt() != null);

        ProcessLogs logs = alice.processes().logs(sandbox, id);
        assertEquals("one\ntwo\n", logs.stdout());
        assertEquals("oops\n", logs.stderr());
        ProcessLogs tail = alice.processes().logs(sandbox, "worker", LogsQuery.stdout().tail(1));
        assertEquals("two\n", tail.stdout(), "looked up by name, last line of stdout only");
        assertNull(tail.stderr());
        ProcessLogs after = alice.processes().logs(sandbox, id, LogsQuery.stdout().afterOffset(4));
        assertEquals("two\n", after.stdout(), "resumable read from an offset");

        assertEquals(1, alice.processes().list(sandbox, 100, null).items().size());
        assertEquals(409, raw.delete(base(sandbox) + "/" + id).status(), "an ended process cannot be killed");
        assertEquals(404, assertThrows(BoxcarProblemException.class,
                () -> Clients.tenantB().processes().get(sandbox, id)).status());
    }

    @Test
    void aProgramThatDoesNotExistFailsWithAReason() {
        String sandbox = TestEnvironment.sandboxId("proc-fail");
        String id = start(sandbox, ProcessRequest.argv("no-such-daemon")).id();
        SandboxProcess failed = awaitStatus(sandbox, id, "failed");
        assertTrue(failed.error().contains("not found"), failed::toString);
        assertEquals("no-such-daemon", failed.command());
    }

    @Test
    void killEndsTheWholeTreeAndNamesAreFreeAgainAfterwards() {
        String sandbox = TestEnvironment.sandboxId("proc-kill");
        ProcessRequest server = ProcessRequest.command("sleep 300 & sleep 300").name("server");
        String id = start(sandbox, server).id();
        awaitStatus(sandbox, id, "running");
        assertEquals(409, assertThrows(BoxcarProblemException.class, () -> alice.processes().start(sandbox, server)).status(),
                "the name is taken while it runs");
        ApiResponse kill = raw.delete(base(sandbox) + "/server?signal=TERM");
        assertEquals(202, kill.status(), kill::toString);
        assertEquals("process.kill", kill.json().getString("type"));
        SandboxProcess killed = awaitStatus(sandbox, id, "killed");
        assertEquals("SIGTERM", killed.signal());
        assertNull(killed.exitCode());
        assertEquals("0\n", Jobs.runInSandbox(alice, sandbox, ExecRequest.command("pgrep -c sleep || true")).result().stdout());
        assertDoesNotThrow(() -> alice.processes().start(sandbox, server), "the name is free once it ended");
    }

    @Test
    void logsKeepTheNewestPartOfAThreeMebibyteOutputAndSaySoTheyWereCut() {
        String sandbox = TestEnvironment.sandboxId("proc-big");
        String id = start(sandbox, ProcessRequest.command("head -c 3145728 /dev/zero | tr '\\0' x; echo THE-END")).id();
        awaitStatus(sandbox, id, "exited");
        Poll.until(Duration.ofSeconds(10), "the final logs",
                () -> alice.processes().logs(sandbox, id, LogsQuery.stdout()).stdout().endsWith("THE-END\n"));
        ProcessLogs logs = alice.processes().logs(sandbox, id, LogsQuery.stdout());
        assertTrue(logs.stdoutTruncated());
        assertEquals(1 << 20, logs.stdout().length());
        assertEquals(3145728 + 8, logs.stdoutOffset());
    }

    @Test
    void anSseClientReceivesOutputLinesWhileTheProcessRuns() {
        String sandbox = TestEnvironment.sandboxId("proc-sse");
        String id = start(sandbox, ProcessRequest.command("for i in 1 2 3 4 5 6 7 8 9 10; do echo tick-$i; sleep 1; done")).id();
        try (Stream<String> lines = raw.streamLines(base(sandbox) + "/" + id + "/logs/stream")) {
            ServerSentEvents events = ServerSentEvents.of(lines);
            StringBuilder stdout = new StringBuilder();
            while (events.hasNext() && !stdout.toString().contains("tick-2\n")) {
                ServerSentEvents.Event event = events.next();
                if (event.name().equals("stdout")) {
                    stdout.append(event.text());
                    assertEquals(ServerSentEvents.bytes(stdout.toString()), event.offset(), "the id counts the bytes so far");
                }
            }
            assertTrue(stdout.toString().startsWith("tick-1\ntick-2\n"), "the stream carried tick-2: " + stdout);
            assertEquals("running", alice.processes().get(sandbox, id).status(),
                    "the lines arrived while the process was still running");
        }
        alice.processes().kill(sandbox, id, Signal.KILL);
    }

    @Test
    void anSseClientReceivesEveryByteOfTheOutputBlankLinesFinalNewlineCarriageReturnAndNonAsciiIncluded() {
        String sandbox = TestEnvironment.sandboxId("proc-sse-exact");
        String id = start(sandbox, ProcessRequest.command(JobStreamIT.PRINT_EXACT_OUTPUT + "; sleep 1")).id();
        try (Stream<String> lines = raw.streamLines(base(sandbox) + "/" + id + "/logs/stream")) {
            List<ServerSentEvents.Event> events = ServerSentEvents.of(lines).untilEnd();
            assertEquals(JobStreamIT.EXACT_OUTPUT, ServerSentEvents.output(events, "stdout"), events::toString);
            assertEquals(ServerSentEvents.bytes(JobStreamIT.EXACT_OUTPUT), ServerSentEvents.lastOffset(events, "stdout"));
            ServerSentEvents.Event end = events.get(events.size() - 1);
            assertTrue(end.isEnd(), events::toString);
            assertEquals("exited", Json.createReader(new java.io.StringReader(end.data().get(0))).readObject().getString("status"));
        }
    }

    @Test
    void theProcessOutlivesTheWorkerThatStartedItAndStaysUnderControl() {
        String sandbox = TestEnvironment.sandboxId("proc-orphan");
        SandboxProcess started = start(sandbox,
                ProcessRequest.command("i=0; while true; do i=$((i+1)); echo beat-$i; sleep 0.5; done"));
        String id = started.id();
        awaitStatus(sandbox, id, "running");
        Stack.kill9(Stack.workerPidOf(started.jobId()));

        long offset = alice.processes().logs(sandbox, id).stdoutOffset();
        Poll.until(Duration.ofSeconds(15), "the logs to keep growing after the worker died", () ->
                alice.processes().logs(sandbox, id).stdoutOffset() > offset + 20);
        assertEquals("running", alice.processes().get(sandbox, id).status());
        assertEquals(202, raw.delete(base(sandbox) + "/" + id).status());
        SandboxProcess killed = awaitStatus(sandbox, id, "killed");
        assertEquals("SIGTERM", killed.signal());
    }

    @Test
    void destroyingTheSandboxEndsItsProcessesWithAReason() {
        String sandbox = TestEnvironment.sandboxId("proc-destroy");
        String id = start(sandbox, ProcessRequest.command("sleep 300")).id();
        awaitStatus(sandbox, id, "running");
        Jobs.awaitFinished(alice, alice.sandboxes().destroy(sandbox).id(), Duration.ofSeconds(60));
        SandboxProcess ended = awaitStatus(sandbox, id, "killed");
        assertTrue(ended.error().contains("destroyed"), ended::toString);
    }
}
