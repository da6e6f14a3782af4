package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.client.model.JobResult;
import dev.boxcar.client.model.SandboxSpec;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.TestEnvironment;
import org.junit.jupiter.api.Test;

/** What the agent guarantees, seen through the API. */
class AgentSemanticsIT {
    private final BoxcarClient alice = Clients.tenantA();

    @Test
    void outputBeyondOneMebibyteIsCutAndTheCommandKilled() {
        Job job = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("yes"), ExecRequest.command("yes").timeoutMs(20000));
        assertEquals("completed", job.status(), "killed for output is still completed");
        JobResult result = job.result();
        assertTrue(result.stdoutTruncated());
        assertFalse(result.stderrTruncated());
        assertEquals(1 << 20, result.stdout().length());
        assertEquals("SIGKILL", result.signal());
        assertNull(result.exitCode());
    }

    @Test
    void bytesThatAreNotUtf8ComeBackAsReplacementCharacters() {
        Job job = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("utf8"), ExecRequest.command("printf 'ok\\377\\376end'"));
        assertEquals("ok\uFFFD\uFFFDend", job.result().stdout());
    }

    @Test
    void aCommandKilledByASignalHasNoExitCodeAndNamesTheSignal() {
        Job job = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("segv"), ExecRequest.command("kill -SEGV $$"));
        assertNull(job.result().exitCode());
        assertEquals("SIGSEGV", job.result().signal());
    }

    @Test
    void anOutOfMemoryKillOfAProcessThatIsNotPid1IsDetected() {
        String sandbox = TestEnvironment.sandboxId("oom");
        alice.sandboxes().create(sandbox, SandboxSpec.builder().memoryMb(128).build());
        Job job = Jobs.runInSandbox(alice, sandbox,
                ExecRequest.argv("python3", "-c", "x = b'x' * (512 * 1024 * 1024)").timeoutMs(60000));
        JobResult result = job.result();
        assertTrue(result.oomKilled(), result::toString);
        assertEquals("SIGKILL", result.signal());
        Job after = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("echo still here"));
        assertEquals("still here\n", after.result().stdout());
        assertFalse(after.result().oomKilled(), "the counter is per job");
    }

    @Test
    void whatACommandLeavesRunningIsKilledWhenItExits() {
        String sandbox = TestEnvironment.sandboxId("leftovers");
        Jobs.runInSandbox(alice, sandbox, ExecRequest.command("nohup sleep 300 >/dev/null 2>&1 & setsid sleep 300 >/dev/null 2>&1 < /dev/null & echo bye"));
        Job check = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("pgrep -c sleep || true"));
        assertEquals("0\n", check.result().stdout());
    }
}
