package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.Docker;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole chain: HTTP → PostgreSQL → Artemis → worker → agent → container → PostgreSQL → HTTP,
 * with real services only.
 */
class ExecChainIT {
    private final RawApi alice = RawApi.tenantA();
    private final RawApi bob = RawApi.tenantB();

    @Test
    void echoHelloRunsInsideTheSandboxContainerAndComesBack() {
        String sandbox = TestEnvironment.sandboxId("hello");
        ApiResponse submitted = alice.post("/api/v1/sandboxes/" + sandbox + "/exec", ExecRequest.command("echo hello").json());
        assertEquals(202, submitted.status(), submitted::toString);
        JsonObject queued = submitted.json();
        assertEquals("/api/v1/jobs/" + queued.getString("id"), submitted.location());
        assertEquals("exec", queued.getString("type"));
        assertEquals(sandbox, queued.getString("sandboxId"));
        assertTrue(List.of("queued", "running", "completed").contains(queued.getString("status")));

        JsonObject job = Jobs.awaitFinished(alice, queued.getString("id"), Duration.ofSeconds(90));
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
        assertEquals("running", alice.get("/api/v1/sandboxes/" + sandbox).json().getString("status"));
    }

    @Test
    void theSandboxContainerIsHardened() {
        String sandbox = TestEnvironment.sandboxId("hardened");
        JsonObject job = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("id -u; cat /proc/self/status | grep -E '^(CapEff|NoNewPrivs)'"));
        String out = job.getJsonObject("result").getString("stdout");
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
        JsonObject viaArgv = Jobs.runInSandbox(alice, sandbox,
                ExecRequest.argv("sh", "-c", "cat; echo \"$GREETING\"; pwd").stdin("from stdin\n")
                        .env(Map.of("GREETING", "hi there")).cwd("/tmp"));
        assertEquals("from stdin\nhi there\n/tmp\n", viaArgv.getJsonObject("result").getString("stdout"));
    }

    @Test
    void exitCodesAndStderrComeBackSeparately() {
        JsonObject job = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("exit"),
                ExecRequest.command("echo out; echo err >&2; exit 7"));
        JsonObject result = job.getJsonObject("result");
        assertEquals("completed", job.getString("status"));
        assertEquals(7, result.getInt("exitCode"));
        assertEquals("out\n", result.getString("stdout"));
        assertEquals("err\n", result.getString("stderr"));
    }

    @Test
    void aMissingProgramIsExitCode127WithTheReasonOnStderr() {
        JsonObject job = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("missing"), ExecRequest.argv("no-such-program"));
        assertEquals("completed", job.getString("status"));
        assertEquals(127, job.getJsonObject("result").getInt("exitCode"));
        assertTrue(job.getJsonObject("result").getString("stderr").contains("no-such-program"));
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree() {
        String sandbox = TestEnvironment.sandboxId("timeout");
        JsonObject job = Jobs.runInSandbox(alice, sandbox,
                ExecRequest.command("(sleep 300; echo survived > /workspace/survivor) & sleep 300").timeoutMs(1000));
        assertEquals("timed_out", job.getString("status"), job::toString);
        assertEquals("SIGKILL", job.getJsonObject("result").getString("signal"));
        JsonObject check = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("pgrep -c sleep || true"));
        assertEquals("0\n", check.getJsonObject("result").getString("stdout"), "no sleep left in the sandbox");
    }

    @Test
    void filesWrittenByOneJobAreThereForTheNextOfTheSameSandboxButNotInAnother() {
        String sandbox = TestEnvironment.sandboxId("persist");
        Jobs.runInSandbox(alice, sandbox, ExecRequest.command("cat note.txt").file("note.txt", "kept\n").cwd("/workspace/dir"));
        JsonObject next = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("cat /workspace/dir/note.txt"));
        assertEquals("kept\n", next.getJsonObject("result").getString("stdout"));

        JsonObject other = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("persist-other"),
                ExecRequest.command("test -e /workspace/dir/note.txt && echo visible || echo absent"));
        assertEquals("absent\n", other.getJsonObject("result").getString("stdout"));
    }

    @Test
    void jobsOfOneSandboxRunOneAtATimeInSubmissionOrder() {
        String sandbox = TestEnvironment.sandboxId("fifo");
        String first = Jobs.submitToSandbox(alice, sandbox, ExecRequest.command("sleep 1; echo 1 >> order"));
        String second = Jobs.submitToSandbox(alice, sandbox, ExecRequest.command("echo 2 >> order"));
        String third = Jobs.submitToSandbox(alice, sandbox, ExecRequest.command("echo 3 >> order; cat order"));
        Jobs.awaitFinished(alice, first, Duration.ofSeconds(90));
        Jobs.awaitFinished(alice, second, Duration.ofSeconds(90));
        JsonObject last = Jobs.awaitFinished(alice, third, Duration.ofSeconds(90));
        assertEquals("1\n2\n3\n", last.getJsonObject("result").getString("stdout"));
    }

    @Test
    void aThrowawayJobRunsInAFreshContainerThatIsRemovedAfterwards() {
        JsonObject job = Jobs.runThrowaway(alice, ExecRequest.command("echo scratch > /workspace/f; cat /workspace/f; id -u"));
        assertEquals("completed", job.getString("status"), job::toString);
        assertTrue(job.isNull("sandboxId"));
        assertEquals("scratch\n1000\n", job.getJsonObject("result").getString("stdout"));
        assertFalse(job.getJsonObject("result").isNull("cpuTimeMs"));
        assertTrue(job.getJsonObject("result").getJsonNumber("peakMemoryBytes").longValue() > 0);
        Poll.until(Duration.ofSeconds(10), "removal of the throw-away container",
                () -> Docker.containersWithLabels("boxcar.job=" + job.getString("id")).isEmpty()
                        && Docker.onlyPooledThrowawaysLeft());

        JsonObject next = Jobs.runThrowaway(alice, ExecRequest.command("test -e /workspace/f && echo leaked || echo clean"));
        assertEquals("clean\n", next.getJsonObject("result").getString("stdout"));
    }

    @Test
    void aLongPollAnswers202WhileRunningAnd200OnceFinished() {
        String jobId = Jobs.submitToSandbox(alice, TestEnvironment.sandboxId("poll"), ExecRequest.command("sleep 3; echo done"));
        ApiResponse early = alice.get("/api/v1/jobs/" + jobId + "?wait=1");
        assertEquals(202, early.status(), early::toString);
        assertTrue(List.of("queued", "running").contains(early.json().getString("status")));
        ApiResponse finished = alice.get("/api/v1/jobs/" + jobId + "?wait=30");
        assertEquals(200, finished.status(), finished::toString);
        assertEquals("done\n", finished.json().getJsonObject("result").getString("stdout"));
        ApiResponse plain = alice.get("/api/v1/jobs/" + jobId);
        assertEquals(200, plain.status());
    }

    @Test
    void submittingWithWaitAnswers200WithTheFinishedJob() {
        ApiResponse response = alice.post("/api/v1/sandboxes/" + TestEnvironment.sandboxId("wait") + "/exec?wait=30",
                ExecRequest.command("echo quick").json());
        assertEquals(200, response.status(), response::toString);
        assertEquals("completed", response.json().getString("status"));
        assertEquals("quick\n", response.json().getJsonObject("result").getString("stdout"));
    }

    @Test
    void anotherTenantsJobIs404() {
        String jobId = Jobs.submitToSandbox(alice, TestEnvironment.sandboxId("private"), ExecRequest.command("true"));
        assertEquals(404, bob.get("/api/v1/jobs/" + jobId).status());
        assertEquals(404, bob.get("/api/v1/jobs/" + jobId + "?wait=1").status());
        assertEquals(404, alice.get("/api/v1/jobs/not-a-job-id").status());
    }

    @Test
    void invalidExecRequestsAre400NamingTheFieldAndCreateNothing() {
        String sandbox = TestEnvironment.sandboxId("invalid");
        assertField(alice.post("/api/v1/sandboxes/" + sandbox + "/exec", "{\"command\":\"x\",\"argv\":[\"y\"]}"), "command");
        assertField(alice.post("/api/v1/sandboxes/" + sandbox + "/exec", "{}"), "command");
        assertField(alice.post("/api/v1/sandboxes/" + sandbox + "/exec", "{\"command\":\"x\",\"timeoutMs\":0}"), "timeoutMs");
        assertField(alice.post("/api/v1/sandboxes/" + sandbox + "/exec", "{\"command\":\"x\",\"timeoutMs\":600001}"), "timeoutMs");
        assertField(alice.post("/api/v1/sandboxes/" + sandbox + "/exec", "{\"command\":\"x\",\"comand\":\"y\"}"), "comand");
        assertField(alice.post("/api/v1/sandboxes/" + sandbox + "/exec?wait=61", "{\"command\":\"x\"}"), "wait");
        assertField(alice.post("/api/v1/sandboxes/" + sandbox + "/exec",
                "{\"command\":\"x\",\"files\":[{\"path\":\"a\",\"mode\":\"rwx\"}]}"), "files[0].mode");
        assertEquals(404, alice.get("/api/v1/sandboxes/" + sandbox).status(), "rejected requests create no sandbox");
    }

    private static void assertField(ApiResponse response, String field) {
        assertEquals(400, response.status(), response::toString);
        assertEquals("application/problem+json", response.contentType());
        String errors = response.json().getJsonArray("errors").toString();
        assertTrue(errors.contains("\"field\":\"" + field + "\""), () -> "expected field " + field + " in " + errors);
    }
}
