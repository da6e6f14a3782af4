package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.client.model.JobResult;
import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Docker;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole chain: HTTP → PostgreSQL → Artemis → worker → agent → container → PostgreSQL → HTTP,
 * with real services only. The first test follows one job in raw HTTP, every field as the server
 * sends it, as do the tests of statuses and of invalid input; the others drive the chain through
 * the typed client.
 */
class ExecChainIT {
    private final BoxcarClient alice = Clients.tenantA();
    private final RawApi raw = RawApi.tenantA();
    private final RawApi bob = RawApi.tenantB();

    @Test
    void echoHelloRunsInsideTheSandboxContainerAndComesBack() {
        String sandbox = TestEnvironment.sandboxId("hello");
        ApiResponse submitted = raw.post("/api/v1/sandboxes/" + sandbox + "/exec", "{\"command\":\"echo hello\"}");
        assertEquals(202, submitted.status(), submitted::toString);
        JsonObject queued = submitted.json();
        assertEquals("/api/v1/jobs/" + queued.getString("id"), submitted.location());
        assertEquals("exec", queued.getString("type"));
        assertEquals(sandbox, queued.getString("sandboxId"));
        assertTrue(List.of("queued", "running", "completed").contains(queued.getString("status")));

        JsonObject job = Jobs.awaitFinished(raw, queued.getString("id"), Duration.ofSeconds(90));
        assertEquals("completed", job.getString("status"), job::toString);
        JsonObject result = job.getJsonObject("result");
        assertEquals("hello\n", result.getString("stdout"));
        assertEquals("", result.getString("stderr"));
        assertEquals(0, result.getInt("exitCode"));
        assertTrue(result.isNull("signal"));
        assertFalse(result.getBoolean("stdoutTruncated"));
        assertTrue(job.isNull("error"));
        assertTrue(job.isNull("verdict"));
        assertFalse(job.isNull("startedAt"));
        assertFalse(job.isNull("finishedAt"));

        List<String> containers = Docker.containersWithLabels("boxcar.managed=true",
                "boxcar.tenant=" + TestEnvironment.TENANT_A, "boxcar.sandbox=" + sandbox);
        assertEquals(1, containers.size(), "one container for the sandbox");
        assertEquals("running", raw.get("/api/v1/sandboxes/" + sandbox).json().getString("status"));
    }

    @Test
    void theSandboxContainerIsHardened() {
        String sandbox = TestEnvironment.sandboxId("hardened");
        Job job = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("id -u; cat /proc/self/status | grep -E '^(CapEff|NoNewPrivs)'"));
        String out = job.result().stdout();
        assertTrue(out.startsWith("1000\n"), out);
        assertTrue(out.contains("CapEff:\t0000000000000000"), out);
        assertTrue(out.contains("NoNewPrivs:\t1"), out);

        String id = Docker.containersWithLabels("boxcar.tenant=" + TestEnvironment.TENANT_A, "boxcar.sandbox=" + sandbox).get(0);
        JsonObject host = Docker.inspect(id).getJsonObject("HostConfig");
        assertEquals("[\"ALL\"]", host.getJsonArray("CapDrop").toString());
        assertTrue(host.getJsonArray("SecurityOpt").toString().contains("no-new-privileges"));
        assertEquals(512L * 1024 * 1024, host.getJsonNumber("Memory").longValue());
        assertEquals(512L * 1024 * 1024, host.getJsonNumber("MemorySwap").longValue(), "no swap beyond memory");
        assertEquals(256, host.getInt("PidsLimit"));
        assertEquals(1_000_000_000L, host.getJsonNumber("NanoCpus").longValue());
        assertEquals("none", host.getString("NetworkMode"));
        assertTrue(host.getBoolean("Init"));
        assertFalse(host.getBoolean("Privileged"));
        assertFalse(host.getJsonArray("Binds").toString().contains("docker.sock"));
    }

    @Test
    void argvStdinEnvAndCwdReachTheCommand() {
        String sandbox = TestEnvironment.sandboxId("inputs");
        Job viaArgv = Jobs.runInSandbox(alice, sandbox,
                ExecRequest.argv("sh", "-c", "cat; echo \"$GREETING\"; pwd").stdin("from stdin\n")
                        .env(Map.of("GREETING", "hi there")).cwd("/tmp"));
        assertEquals("from stdin\nhi there\n/tmp\n", viaArgv.result().stdout());
    }

    @Test
    void exitCodesAndStderrComeBackSeparately() {
        Job job = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("exit"),
                ExecRequest.command("echo out; echo err >&2; exit 7"));
        JobResult result = job.result();
        assertEquals("completed", job.status());
        assertEquals(7, result.exitCode());
        assertEquals("out\n", result.stdout());
        assertEquals("err\n", result.stderr());
    }

    @Test
    void aMissingProgramIsExitCode127WithTheReasonOnStderr() {
        Job job = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("missing"), ExecRequest.argv("no-such-program"));
        assertEquals("completed", job.status());
        assertEquals(127, job.result().exitCode());
        assertTrue(job.result().stderr().contains("no-such-program"));
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree() {
        String sandbox = TestEnvironment.sandboxId("timeout");
        Job job = Jobs.runInSandbox(alice, sandbox,
                ExecRequest.command("(sleep 300; echo survived > /workspace/survivor) & sleep 300").timeoutMs(1000));
        assertEquals("timed_out", job.status(), job::toString);
        assertEquals("SIGKILL", job.result().signal());
        Job check = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("pgrep -c sleep || true"));
        assertEquals("0\n", check.result().stdout(), "no sleep left in the sandbox");
    }

    @Test
    void filesWrittenByOneJobAreThereForTheNextOfTheSameSandboxButNotInAnother() {
        String sandbox = TestEnvironment.sandboxId("persist");
        Jobs.runInSandbox(alice, sandbox, ExecRequest.command("cat note.txt").file("note.txt", "kept\n").cwd("/workspace/dir"));
        Job next = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("cat /workspace/dir/note.txt"));
        assertEquals("kept\n", next.result().stdout());

        Job other = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("persist-other"),
                ExecRequest.command("test -e /workspace/dir/note.txt && echo visible || echo absent"));
        assertEquals("absent\n", other.result().stdout());
    }

    @Test
    void jobsOfOneSandboxRunOneAtATimeInSubmissionOrder() {
        String sandbox = TestEnvironment.sandboxId("fifo");
        String first = alice.sandboxes().exec(sandbox, ExecRequest.command("sleep 1; echo 1 >> order").build()).id();
        String second = alice.sandboxes().exec(sandbox, ExecRequest.command("echo 2 >> order").build()).id();
        String third = alice.sandboxes().exec(sandbox, ExecRequest.command("echo 3 >> order; cat order").build()).id();
        Jobs.awaitFinished(alice, first, Duration.ofSeconds(90));
        Jobs.awaitFinished(alice, second, Duration.ofSeconds(90));
        Job last = Jobs.awaitFinished(alice, third, Duration.ofSeconds(90));
        assertEquals("1\n2\n3\n", last.result().stdout());
    }

    @Test
    void aThrowawayJobRunsInAFreshContainerThatIsRemovedAfterwards() {
        Job job = Jobs.runThrowaway(alice, ExecRequest.command("echo scratch > /workspace/f; cat /workspace/f; id -u"));
        assertEquals("completed", job.status(), job::toString);
        assertNull(job.sandboxId());
        assertEquals("scratch\n1000\n", job.result().stdout());
        assertNotNull(job.result().cpuTimeMs());
        assertTrue(job.result().peakMemoryBytes() > 0);
        Poll.until(Duration.ofSeconds(10), "removal of the throw-away container",
                () -> Docker.containersWithLabels("boxcar.job=" + job.id()).isEmpty()
                        && Docker.onlyPooledThrowawaysLeft());

        Job next = Jobs.runThrowaway(alice, ExecRequest.command("test -e /workspace/f && echo leaked || echo clean"));
        assertEquals("clean\n", next.result().stdout());
    }

    @Test
    void aLongPollAnswers202WhileRunningAnd200OnceFinished() {
        String jobId = alice.sandboxes().exec(TestEnvironment.sandboxId("poll"), ExecRequest.command("sleep 3; echo done").build()).id();
        ApiResponse early = raw.get("/api/v1/jobs/" + jobId + "?wait=1");
        assertEquals(202, early.status(), early::toString);
        assertTrue(List.of("queued", "running").contains(early.json().getString("status")));
        ApiResponse finished = raw.get("/api/v1/jobs/" + jobId + "?wait=30");
        assertEquals(200, finished.status(), finished::toString);
        assertEquals("done\n", finished.json().getJsonObject("result").getString("stdout"));
        ApiResponse plain = raw.get("/api/v1/jobs/" + jobId);
        assertEquals(200, plain.status());
    }

    @Test
    void submittingWithWaitAnswers200WithTheFinishedJob() {
        ApiResponse response = raw.post("/api/v1/sandboxes/" + TestEnvironment.sandboxId("wait") + "/exec?wait=30",
                "{\"command\":\"echo quick\"}");
        assertEquals(200, response.status(), response::toString);
        assertEquals("completed", response.json().getString("status"));
        assertEquals("quick\n", response.json().getJsonObject("result").getString("stdout"));
    }

    @Test
    void anotherTenantsJobIs404() {
        String jobId = alice.sandboxes().exec(TestEnvironment.sandboxId("private"), ExecRequest.command("true").build()).id();
        assertEquals(404, bob.get("/api/v1/jobs/" + jobId).status());
        assertEquals(404, bob.get("/api/v1/jobs/" + jobId + "?wait=1").status());
        assertEquals(404, raw.get("/api/v1/jobs/not-a-job-id").status());
    }

    @Test
    void invalidExecRequestsAre400NamingTheFieldAndCreateNothing() {
        String sandbox = TestEnvironment.sandboxId("invalid");
        raw.post("/api/v1/sandboxes/" + sandbox + "/exec", "{\"command\":\"x\",\"argv\":[\"y\"]}").assertRejectsField("command");
        raw.post("/api/v1/sandboxes/" + sandbox + "/exec", "{}").assertRejectsField("command");
        raw.post("/api/v1/sandboxes/" + sandbox + "/exec", "{\"command\":\"x\",\"timeoutMs\":0}").assertRejectsField("timeoutMs");
        raw.post("/api/v1/sandboxes/" + sandbox + "/exec", "{\"command\":\"x\",\"timeoutMs\":600001}").assertRejectsField("timeoutMs");
        raw.post("/api/v1/sandboxes/" + sandbox + "/exec", "{\"command\":\"x\",\"comand\":\"y\"}").assertRejectsField("comand");
        raw.post("/api/v1/sandboxes/" + sandbox + "/exec?wait=61", "{\"command\":\"x\"}").assertRejectsField("wait");
        raw.post("/api/v1/sandboxes/" + sandbox + "/exec",
                "{\"command\":\"x\",\"files\":[{\"path\":\"a\",\"mode\":\"rwx\"}]}").assertRejectsField("files[0].mode");
        assertEquals(404, raw.get("/api/v1/sandboxes/" + sandbox).status(), "rejected requests create no sandbox");
    }

}
