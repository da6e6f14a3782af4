package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.BoxcarProblemException;
import dev.boxcar.client.LogStream;
import dev.boxcar.client.ProcessOperations;
import dev.boxcar.client.model.Batch;
import dev.boxcar.client.model.BatchCreated;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.FileSpec;
import dev.boxcar.client.model.Job;
import dev.boxcar.client.model.JobFilter;
import dev.boxcar.client.model.LogEvent;
import dev.boxcar.client.model.LogsQuery;
import dev.boxcar.client.model.Page;
import dev.boxcar.client.model.ProcessLogs;
import dev.boxcar.client.model.ProcessRequest;
import dev.boxcar.client.model.Sandbox;
import dev.boxcar.client.model.SandboxProcess;
import dev.boxcar.client.model.SandboxSpec;
import dev.boxcar.client.model.TestCase;
import dev.boxcar.client.model.TestCaseResult;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.TestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every typed call of the Java client ({@code client/}) against the real stack. */
class ClientIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final BoxcarClient alice = Clients.tenantA();
    private final BoxcarClient bob = Clients.tenantB();

    @Test
    void aSandboxIsCreatedReadListedAndDestroyed() {
        String id = TestEnvironment.sandboxId("client-sb");
        Sandbox created = alice.sandboxes().create(id, SandboxSpec.builder().memoryMb(256).env(java.util.Map.of("K", "v")).build());
        assertEquals(id, created.id());
        assertEquals(256, created.memoryMb());
        assertEquals("none", created.network());
        assertEquals("v", created.env().get("K"));
        assertNotNull(created.createdAt());

        assertEquals(created.id(), alice.sandboxes().create(id, SandboxSpec.builder().memoryMb(256).build()).id(),
                "a PUT that agrees returns the sandbox");
        BoxcarProblemException conflict = assertThrows(BoxcarProblemException.class,
                () -> alice.sandboxes().create(id, SandboxSpec.builder().memoryMb(1024).build()));
        assertEquals(409, conflict.status());

        assertEquals("default", alice.sandboxes().get(id).image());
        Page<Sandbox> first = alice.sandboxes().list(1, null);
        assertEquals(1, first.items().size());
        assertTrue(alice.sandboxes().all().anyMatch(s -> s.id().equals(id)), "listed across pages");

        Job destroy = alice.sandboxes().destroy(id);
        assertEquals("sandbox.destroy", destroy.type());
        assertTrue(alice.jobs().await(destroy.id(), WAIT).isFinished());
        Poll.until(Duration.ofSeconds(30), "the sandbox to be destroyed",
                () -> "destroyed".equals(alice.sandboxes().get(id).status()));
    }

    @Test
    void anExecWaitsForItsResultWithStdoutAndExitCode() {
        String sandbox = TestEnvironment.sandboxId("client-exec");
        Job job = alice.sandboxes().execAndWait(sandbox, ExecRequest.command("cat - greeting.txt; echo \"$WHO\"; exit 3")
                .stdin("in:").file("greeting.txt", "hello\n").env("WHO", "alice").timeoutMs(20_000).build(), WAIT);
        assertTrue(job.isFinished(), job::toString);
        assertEquals("completed", job.status());
        assertEquals(sandbox, job.sandboxId());
        assertEquals(3, job.result().exitCode());
        assertEquals("in:hello\nalice\n", job.result().stdout());
        assertNull(job.verdict(), "not graded");

        Job argv = alice.sandboxes().execAndWait(sandbox, ExecRequest.argv("cat", "greeting.txt").build(), WAIT);
        assertEquals("hello\n", argv.result().stdout(), "files persist between jobs of a sandbox");

        Job queued = alice.sandboxes().exec(sandbox, ExecRequest.command("echo later").build());
        assertEquals("exec", queued.type());
        Job done = alice.jobs().await(queued.id(), WAIT);
        assertEquals("later\n", done.result().stdout());
        assertEquals(done.id(), alice.jobs().get(done.id()).id());

        List<String> listed = alice.jobs().all(JobFilter.any().sandboxId(sandbox)).map(Job::id).toList();
        assertEquals(List.of(done.id(), argv.id(), job.id()), listed, "newest first, across pages");
        assertEquals(1, alice.jobs().list(JobFilter.any().sandboxId(sandbox).status("completed"), 1, null).items().size());
    }

    @Test
    void aThrowawayExecIsGraded() {
        Job accepted = alice.jobs().execAndWait(ExecRequest.command("python3 main.py")
                .file(FileSpec.text("main.py", "print(int(input()) * 2)")).stdin("21\n").expectedStdout("42\n")
                .memoryMb(256).build(), WAIT);
        assertEquals("accepted", accepted.verdict(), accepted::toString);
        assertNull(accepted.sandboxId());
        assertNotNull(accepted.result().peakMemoryBytes(), "measured for throw-away jobs");

        Job wrong = alice.jobs().execAndWait(ExecRequest.argv("echo", "41").expectedStdout("42\n").build(), WAIT);
        assertEquals("wrong_answer", wrong.verdict());
    }

    @Test
    void aTestSuiteJobHasOneRowPerCase() {
        String sum = "#include <stdio.h>\nint main(){int a,b; scanf(\"%d %d\",&a,&b); printf(\"%d\\n\", a+b); return 0;}";
        Job job = alice.jobs().execAndWait(ExecRequest.command("./sum").buildStep("gcc -O2 -o sum sum.c")
                .file("sum.c", sum)
                .test(TestCase.of("small", "1 2\n", "3\n"))
                .test(TestCase.of("wrong", "10 20\n", "31\n"))
                .test(TestCase.of("skipped", "5 5\n", "10\n").timeoutMs(2_000))
                .stopOnFirstFailure(true).build(), WAIT);
        assertEquals("completed", job.status());
        assertEquals("wrong_answer", job.verdict());
        assertEquals(0, job.result().build().exitCode());
        List<TestCaseResult> tests = job.result().tests();
        assertEquals(List.of("small", "wrong", "skipped"), tests.stream().map(TestCaseResult::name).toList());
        assertEquals(List.of("accepted", "wrong_answer", "skipped"), tests.stream().map(TestCaseResult::verdict).toList());
        assertEquals("3\n", tests.get(0).stdout());
    }

    @Test
    void aRunningJobsOutputStreamsByteForByte() {
        String sandbox = TestEnvironment.sandboxId("client-stream");
        Job job = alice.sandboxes().exec(sandbox,
                ExecRequest.command(JobStreamIT.PRINT_EXACT_OUTPUT + "; sleep 2").timeoutMs(60_000).build());
        Poll.until(Duration.ofSeconds(60), "the job to run", () -> "running".equals(alice.jobs().get(job.id()).status()));
        StringBuilder stdout = new StringBuilder();
        LogEvent last = null;
        try (LogStream stream = alice.jobs().streamOutput(job.id())) {
            for (LogEvent event : stream) {
                if (event.stream().equals("stdout")) {
                    stdout.append(event.text());
                    assertEquals(stdout.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                            event.offset(), "the offset counts the bytes so far");
                }
                last = event;
            }
        }
        assertEquals(JobStreamIT.EXACT_OUTPUT, stdout.toString());
        assertNotNull(last);
        assertTrue(last.isEnd());
        assertEquals("completed", last.status());
    }

    @Test
    void aRunningJobIsCancelled() {
        String sandbox = TestEnvironment.sandboxId("client-cancel");
        Job running = alice.sandboxes().exec(sandbox, ExecRequest.command("sleep 60").timeoutMs(90_000).build());
        Poll.until(Duration.ofSeconds(60), "the job to run", () -> "running".equals(alice.jobs().get(running.id()).status()));
        alice.jobs().cancel(running.id());
        Job cancelled = alice.jobs().await(running.id(), WAIT);
        assertEquals("cancelled", cancelled.status());
        BoxcarProblemException again = assertThrows(BoxcarProblemException.class, () -> alice.jobs().cancel(running.id()));
        assertEquals(409, again.status(), "a finished job cannot be cancelled");
    }

    @Test
    void aProcessStreamsItsLogsAndIsKilled() {
        String sandbox = TestEnvironment.sandboxId("client-proc");
        SandboxProcess started = alice.processes().start(sandbox,
                ProcessRequest.command("echo ready; while :; do sleep 1; done").name("looper"));
        assertEquals("looper", started.name());
        try (LogStream stream = alice.processes().streamLogs(sandbox, "looper")) {
            LogEvent first = stream.iterator().next();
            assertEquals("stdout", first.stream());
            assertEquals("ready\n", first.text(), "the output exactly, its final newline too");
            assertEquals(6L, first.offset());
        }
        assertEquals(started.id(), alice.processes().get(sandbox, "looper").id(), "found by name");
        assertEquals(started.id(), alice.processes().list(sandbox, 10, null).items().get(0).id());
        ProcessLogs logs = alice.processes().logs(sandbox, started.id(), LogsQuery.stdout().tail(1));
        assertEquals("ready\n", logs.stdout());
        assertNull(logs.stderr());

        Job kill = alice.processes().kill(sandbox, started.id(), ProcessOperations.Signal.KILL);
        assertEquals("process.kill", kill.type());
        Poll.until(Duration.ofSeconds(30), "the process to be killed",
                () -> "killed".equals(alice.processes().get(sandbox, started.id()).status()));
        SandboxProcess killed = alice.processes().get(sandbox, started.id());
        assertFalse(killed.isAlive());
        assertEquals("SIGKILL", killed.signal());
        assertEquals(1, alice.processes().all(sandbox).count());
    }

    @Test
    void bytesAreWrittenAndReadBack() {
        String sandbox = TestEnvironment.sandboxId("client-files");
        byte[] content = new byte[70_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 7);
        }
        Job written = alice.files().writeAndWait(sandbox, "sub dir/data.bin", content, WAIT);
        assertEquals("completed", written.status(), written::toString);
        assertEquals("file.write", written.type());
        assertArrayEquals(content, alice.files().read(sandbox, "/workspace/sub dir/data.bin"));
        BoxcarProblemException missing = assertThrows(BoxcarProblemException.class,
                () -> alice.files().read(sandbox, "nope.txt"));
        assertEquals(404, missing.status());
    }

    @Test
    void aBatchIsSubmittedAwaitedAndItsJobsListedInSubmissionOrder() {
        List<ExecRequest> items = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(ExecRequest.command("echo " + i).expectedStdout(i % 2 == 0 ? i + "\n" : "x\n").build());
        }
        items.add(ExecRequest.command("echo in-a-sandbox").sandboxId(TestEnvironment.sandboxId("client-batch")).build());
        BatchCreated created = alice.batches().submit(items);
        assertEquals(6, created.total());
        Batch done = alice.batches().await(created.id(), Duration.ofSeconds(120));
        assertTrue(done.done(), done::toString);
        assertEquals(6, done.count("completed"));
        assertEquals(3, done.verdictCount("accepted"));
        assertEquals(2, done.verdictCount("wrong_answer"));
        assertNotNull(done.finishedAt());

        assertEquals(created.jobIds(), alice.batches().jobs(created.id()).map(Job::id).toList());
        Page<Job> firstTwo = alice.batches().jobs(created.id(), 2, null);
        assertEquals(created.jobIds().subList(0, 2), firstTwo.items().stream().map(Job::id).toList());
        assertTrue(firstTwo.hasNext());
        assertEquals(6, alice.jobs().all(JobFilter.any().batchId(created.id())).count());
        assertEquals(6, alice.batches().get(created.id()).total());
    }

    @Test
    void aBatchIsCancelled() {
        List<ExecRequest> sleepers = java.util.Collections.nCopies(3, ExecRequest.command("sleep 30").timeoutMs(60_000).build());
        BatchCreated created = alice.batches().submit(sleepers);
        alice.batches().cancel(created.id());
        Batch done = alice.batches().await(created.id(), WAIT);
        assertEquals(3, done.count("cancelled"), done::toString);
    }

    @Test
    void errorsArriveAsProblemsWithTheirFields() {
        BoxcarProblemException notFound = assertThrows(BoxcarProblemException.class,
                () -> alice.sandboxes().get(TestEnvironment.sandboxId("client-never-made")));
        assertEquals(404, notFound.status());
        assertNotNull(notFound.title());
        assertNotNull(notFound.type());

        BoxcarProblemException invalid = assertThrows(BoxcarProblemException.class,
                () -> alice.jobs().exec(ExecRequest.command("true").timeoutMs(0).build()));
        assertEquals(400, invalid.status());
        assertTrue(invalid.hasFieldError("timeoutMs"), invalid::getMessage);

        BoxcarProblemException batch = assertThrows(BoxcarProblemException.class, () -> alice.batches().submit(List.of(
                ExecRequest.command("true").build(), ExecRequest.command("true").timeoutMs(0).build())));
        assertTrue(batch.hasFieldError("jobs[1].timeoutMs"), batch::getMessage);
    }

    @Test
    void anotherTenantsObjectsAreNotFound() {
        Job mine = alice.sandboxes().execAndWait(TestEnvironment.sandboxId("client-mine"),
                ExecRequest.command("true").build(), WAIT);
        assertEquals(404, assertThrows(BoxcarProblemException.class, () -> bob.jobs().get(mine.id())).status());
        assertEquals(404, assertThrows(BoxcarProblemException.class,
                () -> bob.sandboxes().get(TestEnvironment.sandboxId("client-mine"))).status());
    }

    @Test
    void aSubmissionRepeatedWithTheSameIdempotencyKeyCreatesOneJob() {
        String key = "client-it-" + UUID.randomUUID();
        ExecRequest request = ExecRequest.command("echo once").build();
        Job first = alice.jobs().exec(request, key);
        Job repeat = alice.jobs().exec(request, key);
        assertEquals(first.id(), repeat.id());
        assertEquals(422, assertThrows(BoxcarProblemException.class,
                () -> alice.jobs().exec(ExecRequest.command("echo other").build(), key)).status());
    }
}
