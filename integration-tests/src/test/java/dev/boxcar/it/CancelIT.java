package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.BoxcarProblemException;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.Stack;
import dev.boxcar.it.support.TestEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CancelIT {
    private final BoxcarClient alice = Clients.tenantA();
    /** For the cancellation answers themselves (their 202), which are what these tests check. */
    private final RawApi raw = RawApi.tenantA();

    @Test
    void aQueuedJobThatIsCancelledNeverRuns() {
        String sandbox = TestEnvironment.sandboxId("cancel-queued");
        String blocker = alice.sandboxes().exec(sandbox, ExecRequest.command("sleep 2").build()).id();
        String victim = alice.sandboxes().exec(sandbox, ExecRequest.command("touch /workspace/ran").build()).id();
        ApiResponse cancelled = raw.delete("/api/v1/jobs/" + victim);
        assertEquals(202, cancelled.status(), cancelled::toString);
        assertEquals("cancelled", cancelled.json().getString("status"));
        Jobs.awaitFinished(alice, blocker, Duration.ofSeconds(60));
        Job check = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("test -e /workspace/ran && echo ran || echo never"));
        assertEquals("never\n", check.result().stdout());
        assertEquals("cancelled", alice.jobs().get(victim).status());
    }

    @Test
    void aRunningJobIsKilledWithItsWholeTree() {
        String sandbox = TestEnvironment.sandboxId("cancel-running");
        String job = Jobs.startInSandbox(alice, sandbox, ExecRequest.command("echo started; (sleep 120 &) ; sleep 120").timeoutMs(300000));
        // "running" means claimed: the command itself may not have printed yet, and its partial
        // output is what this test keeps.
        Poll.until(Duration.ofSeconds(30), "the command to have printed", () -> Stack.liveStdoutOf(job).startsWith("started"));
        ApiResponse cancelled = raw.delete("/api/v1/jobs/" + job);
        assertEquals(202, cancelled.status(), cancelled::toString);
        assertEquals("cancelled", cancelled.json().getString("status"));
        // The next job of the sandbox runs once the cancelled one is gone: no sleep may survive.
        Job check = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("pgrep -c sleep || true"));
        assertEquals("0\n", check.result().stdout());
        Poll.until(Duration.ofSeconds(10), "the partial output to be kept", () -> alice.jobs().get(job).result() != null);
        assertTrue(alice.jobs().get(job).result().stdout().startsWith("started"));
    }

    @Test
    void aFinishedJobCannotBeCancelled() {
        Job done = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("cancel-done"), ExecRequest.command("true"));
        assertEquals(409, assertThrows(BoxcarProblemException.class, () -> alice.jobs().cancel(done.id())).status());
        assertEquals(404, assertThrows(BoxcarProblemException.class, () -> Clients.tenantB().jobs().cancel(done.id())).status());
    }
}
