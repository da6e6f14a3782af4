package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** What the agent guarantees, seen through the API. */
class AgentSemanticsIT {
    private final RawApi alice = RawApi.tenantA();

    @Test
    void outputBeyondOneMebibyteIsCutAndTheCommandKilled() {
        JsonObject job = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("yes"), ExecRequest.command("yes").timeoutMs(20000));
        assertEquals("completed", job.getString("status"), "killed for output is still completed");
        JsonObject result = job.getJsonObject("result");
        assertTrue(result.getBoolean("stdoutTruncated"));
        assertFalse(result.getBoolean("stderrTruncated"));
        assertEquals(1 << 20, result.getString("stdout").length());
        assertEquals("SIGKILL", result.getString("signal"));
        assertTrue(result.isNull("exitCode"));
    }

    @Test
    void bytesThatAreNotUtf8ComeBackAsReplacementCharacters() {
        JsonObject job = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("utf8"), ExecRequest.command("printf 'ok\\377\\376end'"));
        assertEquals("ok\uFFFD\uFFFDend", job.getJsonObject("result").getString("stdout"));
    }

    @Test
    void aCommandKilledByASignalHasNoExitCodeAndNamesTheSignal() {
        JsonObject job = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("segv"), ExecRequest.command("kill -SEGV $$"));
        assertTrue(job.getJsonObject("result").isNull("exitCode"));
        assertEquals("SIGSEGV", job.getJsonObject("result").getString("signal"));
    }

    @Test
    void anOutOfMemoryKillOfAProcessThatIsNotPid1IsDetected() {
        String sandbox = TestEnvironment.sandboxId("oom");
        alice.put("/api/v1/sandboxes/" + sandbox, "{\"memoryMb\":128}");
        JsonObject job = Jobs.runInSandbox(alice, sandbox,
                ExecRequest.argv("python3", "-c", "x = b'x' * (512 * 1024 * 1024)").timeoutMs(60000));
        JsonObject result = job.getJsonObject("result");
        assertTrue(result.getBoolean("oomKilled"), result::toString);
        assertEquals("SIGKILL", result.getString("signal"));
        JsonObject after = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("echo still here"));
        assertEquals("still here\n", after.getJsonObject("result").getString("stdout"));
        assertFalse(after.getJsonObject("result").getBoolean("oomKilled"), "the counter is per job");
    }

    @Test
    void whatACommandLeavesRunningIsKilledWhenItExits() {
        String sandbox = TestEnvironment.sandboxId("leftovers");
        Jobs.runInSandbox(alice, sandbox, ExecRequest.command("nohup sleep 300 >/dev/null 2>&1 & setsid sleep 300 >/dev/null 2>&1 < /dev/null & echo bye"));
        JsonObject check = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("pgrep -c sleep || true"));
        assertEquals("0\n", check.getJsonObject("result").getString("stdout"));
    }
}
