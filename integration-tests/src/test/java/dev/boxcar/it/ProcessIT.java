package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ServerSentEvents;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
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
    private final RawApi alice = RawApi.tenantA();

    private String base(String sandbox) {
        return "/api/v1/sandboxes/" + sandbox + "/processes";
    }

    private JsonObject start(String sandbox, JsonObject body) {
        ApiResponse started = alice.post(base(sandbox), body.toString());
        assertEquals(202, started.status(), started::toString);
        assertEquals("starting", started.json().getString("status"));
        assertEquals(base(sandbox) + "/" + started.json().getString("id"), started.location());
        return started.json();
    }

    private JsonObject awaitStatus(String sandbox, String id, String status) {
        Poll.until(Duration.ofSeconds(30), "process " + id + " to be " + status,
                () -> status.equals(alice.get(base(sandbox) + "/" + id).json().getString("status")));
        return alice.get(base(sandbox) + "/" + id).json();
    }

    @AfterEach
    void reviveWhatATestKilled() {
        Stack.revive();
    }

    @Test
    void aProcessRunsInTheBackgroundAndItsEndAndLogsAreRecorded() {
        String sandbox = TestEnvironment.sandboxId("proc");
        JsonObject started = start(sandbox, Json.createObjectBuilder()
                .add("command", "echo one; echo two; echo oops >&2; sleep 1; exit 3").add("name", "worker").build());
        String id = started.getString("id");
        JsonObject ended = awaitStatus(sandbox, id, "exited");
        assertEquals(3, ended.getInt("exitCode"));
        assertTrue(ended.isNull("signal"));
        assertEquals("worker", ended.getString("name"));
        assertEquals(sandbox, ended.getString("sandboxId"));
        assertTrue(!ended.isNull("pid") && !ended.isNull("startedAt") && !ended.isNull("endedAt"));

        JsonObject logs = alice.get(base(sandbox) + "/" + id + "/logs").json();
        assertEquals("one\ntwo\n", logs.getString("stdout"));
        assertEquals("oops\n", logs.getString("stderr"));
        JsonObject tail = alice.get(base(sandbox) + "/worker/logs?stream=stdout&tail=1").json();
        assertEquals("two\n", tail.getString("stdout"), "looked up by name, last line of stdout only");
        assertTrue(tail.isNull("stderr"));
        JsonObject after = alice.get(base(sandbox) + "/" + id + "/logs?stream=stdout&afterOffset=4").json();
        assertEquals("two\n", after.getString("stdout"), "resumable read from an offset");

        assertEquals(1, alice.get(base(sandbox)).json().getJsonArray("items").size());
        assertEquals(409, alice.delete(base(sandbox) + "/" + id).status(), "an ended process cannot be killed");
        assertEquals(404, RawApi.tenantB().get(base(sandbox) + "/" + id).status());
    }

    @Test
    void aProgramThatDoesNotExistFailsWithAReason() {
        String sandbox = TestEnvironment.sandboxId("proc-fail");
        String id = start(sandbox, Json.createObjectBuilder().add("argv", Json.createArrayBuilder().add("no-such-daemon")).build())
                .getString("id");
        JsonObject failed = awaitStatus(sandbox, id, "failed");
        assertTrue(failed.getString("error").contains("not found"), failed::toString);
        assertEquals("no-such-daemon", failed.getString("command"));
    }

    @Test
    void killEndsTheWholeTreeAndNamesAreFreeAgainAfterwards() {
        String sandbox = TestEnvironment.sandboxId("proc-kill");
        JsonObject body = Json.createObjectBuilder().add("command", "sleep 300 & sleep 300").add("name", "server").build();
        String id = start(sandbox, body).getString("id");
        awaitStatus(sandbox, id, "running");
        assertEquals(409, alice.post(base(sandbox), body.toString()).status(), "the name is taken while it runs");
        ApiResponse kill = alice.delete(base(sandbox) + "/server?signal=TERM");
        assertEquals(202, kill.status(), kill::toString);
        assertEquals("process.kill", kill.json().getString("type"));
        JsonObject killed = awaitStatus(sandbox, id, "killed");
        assertEquals("SIGTERM", killed.getString("signal"));
        assertTrue(killed.isNull("exitCode"));
        JsonObject check = Jobs.runInSandbox(alice, sandbox, dev.boxcar.it.support.ExecRequest.command("pgrep -c sleep || true"));
        assertEquals("0\n", check.getJsonObject("result").getString("stdout"));
        assertEquals(202, alice.post(base(sandbox), body.toString()).status(), "the name is free once it ended");
    }

    @Test
    void logsKeepTheNewestPartOfAThreeMebibyteOutputAndSaySoTheyWereCut() {
        String sandbox = TestEnvironment.sandboxId("proc-big");
        String id = start(sandbox, Json.createObjectBuilder()
                .add("command", "head -c 3145728 /dev/zero | tr '\\0' x; echo THE-END").build()).getString("id");
        awaitStatus(sandbox, id, "exited");
        Poll.until(Duration.ofSeconds(10), "the final logs",
                () -> alice.get(base(sandbox) + "/" + id + "/logs?stream=stdout").json().getString("stdout").endsWith("THE-END\n"));
        JsonObject logs = alice.get(base(sandbox) + "/" + id + "/logs?stream=stdout").json();
        assertTrue(logs.getBoolean("stdoutTruncated"));
        assertEquals(1 << 20, logs.getString("stdout").length());
        assertEquals(3145728 + 8, logs.getJsonNumber("stdoutOffset").longValue());
    }

    @Test
    void anSseClientReceivesOutputLinesWhileTheProcessRuns() {
        String sandbox = TestEnvironment.sandboxId("proc-sse");
        String id = start(sandbox, Json.createObjectBuilder()
                .add("command", "for i in 1 2 3 4 5 6 7 8 9 10; do echo tick-$i; sleep 1; done").build()).getString("id");
        try (Stream<String> lines = alice.streamLines(base(sandbox) + "/" + id + "/logs/stream")) {
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
            assertEquals("running", alice.get(base(sandbox) + "/" + id).json().getString("status"),
                    "the lines arrived while the process was still running");
        }
        alice.delete(base(sandbox) + "/" + id + "?signal=KILL");
    }

    @Test
    void anSseClientReceivesEveryByteOfTheOutputBlankLinesFinalNewlineCarriageReturnAndNonAsciiIncluded() {
        String sandbox = TestEnvironment.sandboxId("proc-sse-exact");
        String id = start(sandbox, Json.createObjectBuilder()
                .add("command", JobStreamIT.PRINT_EXACT_OUTPUT + "; sleep 1").build()).getString("id");
        try (Stream<String> lines = alice.streamLines(base(sandbox) + "/" + id + "/logs/stream")) {
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
        JsonObject started = start(sandbox, Json.createObjectBuilder()
                .add("command", "i=0; while true; do i=$((i+1)); echo beat-$i; sleep 0.5; done").build());
        String id = started.getString("id");
        awaitStatus(sandbox, id, "running");
        Stack.kill9(Stack.workerPidOf(started.getString("jobId")));

        long offset = alice.get(base(sandbox) + "/" + id + "/logs").json().getJsonNumber("stdoutOffset").longValue();
        Poll.until(Duration.ofSeconds(15), "the logs to keep growing after the worker died", () ->
                alice.get(base(sandbox) + "/" + id + "/logs").json().getJsonNumber("stdoutOffset").longValue() > offset + 20);
        assertEquals("running", alice.get(base(sandbox) + "/" + id).json().getString("status"));
        assertEquals(202, alice.delete(base(sandbox) + "/" + id).status());
        JsonObject killed = awaitStatus(sandbox, id, "killed");
        assertEquals("SIGTERM", killed.getString("signal"));
    }

    @Test
    void destroyingTheSandboxEndsItsProcessesWithAReason() {
        String sandbox = TestEnvironment.sandboxId("proc-destroy");
        String id = start(sandbox, Json.createObjectBuilder().add("command", "sleep 300").build()).getString("id");
        awaitStatus(sandbox, id, "running");
        Jobs.awaitFinished(alice, alice.delete("/api/v1/sandboxes/" + sandbox).json().getString("id"), Duration.ofSeconds(60));
        JsonObject ended = awaitStatus(sandbox, id, "killed");
        assertTrue(ended.getString("error").contains("destroyed"), ended::toString);
    }
}
