package dev.boxcar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.model.Batch;
import dev.boxcar.client.model.BatchCreated;
import dev.boxcar.client.model.BatchRequest;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.FileSpec;
import dev.boxcar.client.model.Job;
import dev.boxcar.client.model.Page;
import dev.boxcar.client.model.ProcessLogs;
import dev.boxcar.client.model.ProcessRequest;
import dev.boxcar.client.model.Sandbox;
import dev.boxcar.client.model.SandboxProcess;
import dev.boxcar.client.model.SandboxSpec;
import dev.boxcar.client.model.TestCase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonMappingTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFinishedSuiteJobReadsWithItsBuildAndTestsAndIgnoresFieldsItDoesNotKnow() {
        Job job = JsonMapping.fromJson(json("""
                {"id":"6f1c","type":"exec","sandboxId":null,"batchId":"b1","status":"completed",
                 "createdAt":"2026-11-26T12:00:00.123Z","startedAt":"2026-11-26T12:00:01.000Z",
                 "finishedAt":"2026-11-26T12:00:02.500Z",
                 "result":{"exitCode":0,"signal":null,"stdout":"10\\n","stderr":"","stdoutTruncated":false,
                   "stderrTruncated":false,"durationMs":12,"oomKilled":false,"cpuTimeMs":5,"peakMemoryBytes":1024,
                   "build":{"exitCode":0,"stdout":"","stderr":"","durationMs":300,"oomKilled":false},
                   "tests":[{"name":"t1","verdict":"accepted","exitCode":0,"signal":null,"stdout":"3\\n","stderr":"",
                             "durationMs":4,"timedOut":false,"newCaseField":1},
                            {"name":"t2","verdict":"runtime_error","exitCode":null,"signal":"SIGSEGV"}]},
                 "verdict":"runtime_error","error":null,"attempts":1,"aFieldOfTheFuture":{"x":[1,2]}}
                """), Job.class);
        assertEquals("6f1c", job.id());
        assertNull(job.sandboxId());
        assertEquals(Instant.parse("2026-11-26T12:00:02.500Z"), job.finishedAt());
        assertTrue(job.isFinished());
        assertEquals("10\n", job.result().stdout());
        assertEquals(300L, job.result().build().durationMs());
        assertEquals(2, job.result().tests().size());
        assertEquals("accepted", job.result().tests().get(0).verdict());
        assertEquals("SIGSEGV", job.result().tests().get(1).signal());
        assertNull(job.result().tests().get(1).exitCode());
        assertEquals(1, job.attempts());
    }

    @Test
    void aQueuedJobHasNoResultAndIsNotFinished() {
        Job job = JsonMapping.fromJson(json("{\"id\":\"j\",\"type\":\"exec\",\"status\":\"queued\",\"result\":null,"
                + "\"error\":{\"code\":\"c\",\"message\":\"m\"}}"), Job.class);
        assertFalse(job.isFinished());
        assertNull(job.result());
        assertEquals("c", job.error().code());
    }

    @Test
    void aPageOfSandboxesReadsItsItemsAndCursor() {
        Page<Sandbox> page = JsonMapping.fromJson(json("""
                {"items":[{"id":"s1","image":"default","status":"running","env":{"A":"1"},"memoryMb":512,"cpus":1.0,
                           "pids":256,"network":"none","user":"sandbox","idleTimeoutSeconds":900,
                           "createdAt":"2026-11-26T12:00:00.000Z","lastUsedAt":null,"error":null,"host":"local"}],
                 "nextCursor":"abc"}
                """), JsonMapping.pageOf(Sandbox.class));
        assertEquals(1, page.items().size());
        Sandbox sandbox = page.items().get(0);
        assertEquals("1", sandbox.env().get("A"));
        assertEquals(1.0, sandbox.cpus());
        assertEquals("local", sandbox.host());
        assertTrue(page.hasNext());
        Page<Job> last = JsonMapping.fromJson(json("{\"items\":[],\"nextCursor\":null}"), JsonMapping.pageOf(Job.class));
        assertFalse(last.hasNext());
    }

    @Test
    void aBatchReadsEveryCountAndItsCallback() {
        Batch batch = JsonMapping.fromJson(json("""
                {"id":"b","total":3,"done":true,"counts":{"queued":0,"running":0,"completed":3,"timed_out":0,
                 "cancelled":0,"error":0},"verdicts":{"accepted":1,"wrong_answer":1,"compilation_error":1},
                 "createdAt":"2026-11-26T12:00:00.000Z","finishedAt":"2026-11-26T12:00:09.000Z",
                 "callback":{"url":"http://h/x","status":"delivered","attempts":2,"lastError":"HTTP 500"}}
                """), Batch.class);
        assertTrue(batch.done());
        assertEquals(3, batch.count("completed"));
        assertEquals(1, batch.verdictCount("wrong_answer"));
        assertEquals(0, batch.verdictCount("internal_error"));
        assertEquals("delivered", batch.callback().status());
        BatchCreated created = JsonMapping.fromJson(json("{\"id\":\"b\",\"total\":2,\"jobIds\":[\"j1\",\"j2\"]}"),
                BatchCreated.class);
        assertEquals(List.of("j1", "j2"), created.jobIds());
    }

    @Test
    void aProcessAndItsLogsRead() {
        SandboxProcess process = JsonMapping.fromJson(json("""
                {"id":"p","name":"web","sandboxId":"s","command":"python3 -m http.server","argv":["python3","-m","http.server"],
                 "status":"running","pid":42,"exitCode":null,"signal":null,"startedAt":"2026-11-26T12:00:00.000Z",
                 "endedAt":null,"jobId":"j","error":null}
                """), SandboxProcess.class);
        assertTrue(process.isAlive());
        assertEquals(List.of("python3", "-m", "http.server"), process.argv());
        ProcessLogs logs = JsonMapping.fromJson(json("{\"stdout\":\"a\\n\",\"stderr\":null,\"stdoutTruncated\":false,"
                + "\"stderrTruncated\":false,\"stdoutOffset\":2,\"stderrOffset\":0}"), ProcessLogs.class);
        assertEquals("a\n", logs.stdout());
        assertNull(logs.stderr());
        assertEquals(2L, logs.stdoutOffset());
    }

    @Test
    void anExecRequestSendsOnlyTheFieldsThatWereSet() {
        ExecRequest request = ExecRequest.command("./main").buildStep("gcc -o main main.c")
                .file(FileSpec.text("main.c", "int main(){}"))
                .test(TestCase.of("t1", "1 2\n", "3\n").timeoutMs(2000))
                .stopOnFirstFailure(true).memoryMb(256).build();
        String text = new String(JsonMapping.toJson(request), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"command\":\"./main\""), text);
        assertTrue(text.contains("\"build\":\"gcc -o main main.c\""), text);
        assertTrue(text.contains("\"files\":[{\"content\":\"int main(){}\",\"path\":\"main.c\"}]"), text);
        assertTrue(text.contains("\"tests\":[{\"expectedStdout\":\"3\\n\",\"name\":\"t1\",\"stdin\":\"1 2\\n\",\"timeoutMs\":2000}]"), text);
        assertTrue(text.contains("\"stopOnFirstFailure\":true"), text);
        assertTrue(text.contains("\"memoryMb\":256"), text);
        assertFalse(text.contains("null"), text);
        assertFalse(text.contains("argv"), text);
        assertFalse(text.contains("sandboxId"), text);
    }

    @Test
    void batchItemsProcessStartsAndSpecsSerialiseAsTheApiNamesThem() {
        String batch = new String(JsonMapping.toJson(BatchRequest.of(List.of(
                ExecRequest.argv("echo", "hi").sandboxId("s1").build()))), StandardCharsets.UTF_8);
        assertEquals("{\"jobs\":[{\"argv\":[\"echo\",\"hi\"],\"sandboxId\":\"s1\"}]}", batch);
        assertEquals("{\"command\":\"sleep 9\",\"name\":\"web\"}",
                new String(JsonMapping.toJson(ProcessRequest.command("sleep 9").name("web")), StandardCharsets.UTF_8));
        assertEquals("{}", new String(JsonMapping.toJson(SandboxSpec.defaults()), StandardCharsets.UTF_8));
        assertEquals("{\"cpus\":0.5,\"memoryMb\":1024}", new String(JsonMapping.toJson(
                SandboxSpec.builder().memoryMb(1024).cpus(0.5).build()), StandardCharsets.UTF_8));
    }

    @Test
    void aBodyThatIsNotTheExpectedJsonIsAClientErrorNamingTheType() {
        BoxcarException e = org.junit.jupiter.api.Assertions.assertThrows(BoxcarException.class,
                () -> JsonMapping.fromJson(json("<html>oops</html>"), Job.class));
        assertTrue(e.getMessage().contains("Job"), e.getMessage());
        assertTrue(e.getMessage().contains("<html>oops</html>"), e.getMessage());
    }
}
