package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A fork bomb in sandbox A and a 2 GiB allocation in sandbox B (both 512 MiB / 256 pids) do not
 * stop sandbox C, and A and B get the right results.
 */
class NoisyNeighbourIT {
    private final RawApi alice = RawApi.tenantA();

    @Test
    void aForkBombAndAMemoryHogDoNotStopTheOtherSandboxes() {
        String bystander = TestEnvironment.sandboxId("neighbour-c");
        Jobs.runInSandbox(alice, bystander, ExecRequest.command("true"));

        String bomb = Jobs.submitToSandbox(alice, TestEnvironment.sandboxId("neighbour-a"),
                ExecRequest.command("bomb() { bomb | bomb & }; bomb; sleep 60").timeoutMs(15000));
        String hog = Jobs.submitToSandbox(alice, TestEnvironment.sandboxId("neighbour-b"),
                ExecRequest.argv("python3", "-c", "x = b'x' * (2 * 1024 * 1024 * 1024)").timeoutMs(60000));
        Poll.until(Duration.ofSeconds(60), "the fork bomb to be running",
                () -> "running".equals(alice.get("/api/v1/jobs/" + bomb).json().getString("status")));

        long started = System.nanoTime();
        JsonObject echo = Jobs.runInSandbox(alice, bystander, ExecRequest.command("echo unaffected"));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals("unaffected\n", echo.getJsonObject("result").getString("stdout"));
        assertTrue(elapsedMs < 5000, "echo in C took " + elapsedMs + " ms");
        System.out.printf("echo in sandbox C during a fork bomb and a memory hog: %d ms%n", elapsedMs);

        JsonObject bombed = Jobs.awaitFinished(alice, bomb, Duration.ofSeconds(90));
        assertEquals("timed_out", bombed.getString("status"), bombed::toString);
        JsonObject hogged = Jobs.awaitFinished(alice, hog, Duration.ofSeconds(90));
        assertEquals("completed", hogged.getString("status"), hogged::toString);
        assertTrue(hogged.getJsonObject("result").getBoolean("oomKilled"), hogged::toString);

        JsonObject aAfter = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("neighbour-a"), ExecRequest.command("echo recovered"));
        assertEquals("recovered\n", aAfter.getJsonObject("result").getString("stdout"));
    }
}
