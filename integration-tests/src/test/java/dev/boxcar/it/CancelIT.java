package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.Stack;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CancelIT {
    private final RawApi alice = RawApi.tenantA();

    @Test
    void aQueuedJobThatIsCancelledNeverRuns() {
        String sandbox = TestEnvironment.sandboxId("cancel-queued");
        String blocker = Jobs.submitToSandbox(alice, sandbox, ExecRequest.command("sleep 2"));
        String victim = Jobs.submitToSandbox(alice, sandbox, ExecRequest.command("touch /workspace/ran"));
        ApiResponse cancelled = alice.delete("/api/v1/jobs/" + victim);
        assertEquals(202, cancelled.status(), cancelled::toString);
        assertEquals("cancelled", cancelled.json().getString("status"));
        Jobs.awaitFinished(alice, blocker, Duration.ofSeconds(60));
        JsonObject check = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("test -e /workspace/ran && echo ran || echo never"));
        assertEquals("never\n", check.getJsonObject("result").getString("stdout"));
        assertEquals("cancelled", alice.get("/api/v1/jobs/" + victim).json().getString("status"));
    }

    @Test
    void aRunningJobIsKilledWithItsWholeTree() {
        String sandbox = TestEnvironment.sandboxId("cancel-running");
        String job = Jobs.startInSandbox(alice, sandbox, ExecRequest.command("echo started; (sleep 120 &) ; sleep 120").timeoutMs(300000));
        // "running" means claimed: the command itself may not have printed yet, and its partial
        // output is what this test keeps.
        Poll.until(Duration.ofSeconds(30), "the command to have printed", () -> Stack.liveStdoutOf(job).startsWith("started"));
        ApiResponse cancelled = alice.delete("/api/v1/jobs/" + job);
        assertEquals(202, cancelled.status(), cancelled::toString);
        assertEquals("cancelled", cancelled.json().getString("status"));
        // The next job of the sandbox runs once the cancelled one is gone: no sleep may survive.
        JsonObject check = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("pgrep -c sleep || true"));
        assertEquals("0\n", check.getJsonObject("result").getString("stdout"));
        Poll.until(Duration.ofSeconds(10), "the partial output to be kept",
                () -> !alice.get("/api/v1/jobs/" + job).json().isNull("result"));
        assertTrue(alice.get("/api/v1/jobs/" + job).json().getJsonObject("result").getString("stdout").startsWith("started"));
    }

    @Test
    void aFinishedJobCannotBeCancelled() {
        JsonObject done = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("cancel-done"), ExecRequest.command("true"));
        ApiResponse again = alice.delete("/api/v1/jobs/" + done.getString("id"));
        assertEquals(409, again.status(), again::toString);
        assertEquals(404, RawApi.tenantB().delete("/api/v1/jobs/" + done.getString("id")).status());
    }
}
