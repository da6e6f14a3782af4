package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.BoxcarProblemException;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.client.model.Sandbox;
import dev.boxcar.client.model.SandboxSpec;
import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Docker;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxLifecycleIT {
    private final BoxcarClient alice = Clients.tenantA();
    /** For the destroy answer itself (its 202), which is what the destroy test checks. */
    private final RawApi raw = RawApi.tenantA();

    private String status(String sandboxId) {
        return alice.sandboxes().get(sandboxId).status();
    }

    @Test
    void aSandboxGoesFromPendingToRunningWithItsFirstJob() {
        String id = TestEnvironment.sandboxId("pending");
        assertEquals("pending", alice.sandboxes().create(id).status());
        Jobs.runInSandbox(alice, id, ExecRequest.command("true"));
        Sandbox sandbox = alice.sandboxes().get(id);
        assertEquals("running", sandbox.status());
        assertNotNull(sandbox.lastUsedAt());
    }

    @Test
    void destroyRemovesTheContainerKeepsTheRecordsAndTheIdCanBeUsedAgain() {
        String id = TestEnvironment.sandboxId("destroy");
        Job before = Jobs.runInSandbox(alice, id, ExecRequest.command("echo data > /workspace/file"));
        ApiResponse destroy = raw.delete("/api/v1/sandboxes/" + id);
        assertEquals(202, destroy.status(), destroy::toString);
        assertEquals("sandbox.destroy", destroy.json().getString("type"));
        Job destroyJob = Jobs.awaitFinished(alice, destroy.json().getString("id"), Duration.ofSeconds(60));
        assertEquals("completed", destroyJob.status(), destroyJob::toString);
        assertEquals("destroyed", status(id));
        Poll.until(Duration.ofSeconds(10), "the container to be removed", () -> Docker.containersWithLabels(
                "boxcar.tenant=" + TestEnvironment.TENANT_A, "boxcar.sandbox=" + id).isEmpty());
        assertEquals(before.id(), alice.jobs().get(before.id()).id(), "records stay readable");

        Job reborn = Jobs.runInSandbox(alice, id, ExecRequest.command("test -e /workspace/file && echo old || echo new"));
        assertEquals("new\n", reborn.result().stdout());
        assertEquals("running", status(id));
    }

    @Test
    void destroyingCancelsWhatIsRunningInTheSandbox() {
        String id = TestEnvironment.sandboxId("destroy-busy");
        String busy = Jobs.startInSandbox(alice, id, ExecRequest.command("sleep 120").timeoutMs(300000));
        Jobs.awaitFinished(alice, alice.sandboxes().destroy(id).id(), Duration.ofSeconds(60));
        assertEquals("cancelled", Jobs.awaitFinished(alice, busy, Duration.ofSeconds(30)).status());
        assertEquals(404, assertThrows(BoxcarProblemException.class,
                () -> alice.sandboxes().destroy(TestEnvironment.sandboxId("never-made"))).status());
    }

    @Test
    void aSandboxWhoseContainerCannotStartIsFailedWithAReasonAndItsJobIsAnError() {
        String id = TestEnvironment.sandboxId("broken");
        alice.sandboxes().create(id, SandboxSpec.builder().image("missing").build());
        Job job = Jobs.runInSandbox(alice, id, ExecRequest.command("true"));
        assertEquals("error", job.status(), job::toString);
        assertTrue(job.error().message().contains("not on the Docker engine"), job::toString);
        Sandbox sandbox = alice.sandboxes().get(id);
        assertEquals("failed", sandbox.status());
        assertTrue(sandbox.error().contains("boxcar/not-built:none"), sandbox::toString);
    }

    @Test
    void aSandboxsLimitsComeFromItsConfiguration() {
        String id = TestEnvironment.sandboxId("limits");
        alice.sandboxes().create(id, SandboxSpec.builder().memoryMb(256).cpus(0.5).pids(64)
                .env(Map.of("FROM_SANDBOX", "yes")).build());
        Job job = Jobs.runInSandbox(alice, id, ExecRequest.command("echo $FROM_SANDBOX"));
        assertEquals("yes\n", job.result().stdout());
        String container = Docker.containersWithLabels("boxcar.tenant=" + TestEnvironment.TENANT_A, "boxcar.sandbox=" + id).get(0);
        JsonObject host = Docker.inspect(container).getJsonObject("HostConfig");
        assertEquals(256L << 20, host.getJsonNumber("Memory").longValue());
        assertEquals(256L << 20, host.getJsonNumber("MemorySwap").longValue());
        assertEquals(500_000_000L, host.getJsonNumber("NanoCpus").longValue());
        assertEquals(64, host.getInt("PidsLimit"));
    }

    @Test
    void bridgeSandboxesGetANetworkWithoutContainerToContainerTraffic() {
        JsonObject network = Docker.inspectNetwork("boxcar-isolated");
        assertEquals("false", network.getJsonObject("Options").getString("com.docker.network.bridge.enable_icc"));
    }

    @Test
    void anIdleSandboxIsStoppedAndTheNextJobStartsItWithItsFilesIntact() {
        String id = TestEnvironment.sandboxId("idle");
        alice.sandboxes().create(id, SandboxSpec.builder().idleTimeoutSeconds(10).build());
        Jobs.runInSandbox(alice, id, ExecRequest.command("echo kept > /workspace/state"));
        Poll.until(Duration.ofSeconds(60), "the idle sandbox to be stopped", () -> "stopped".equals(status(id)));
        String container = Docker.containersWithLabels("boxcar.tenant=" + TestEnvironment.TENANT_A, "boxcar.sandbox=" + id).get(0);
        assertEquals(false, Docker.inspect(container).getJsonObject("State").getBoolean("Running"));

        Job next = Jobs.runInSandbox(alice, id, ExecRequest.command("cat /workspace/state"));
        assertEquals("kept\n", next.result().stdout());
        assertEquals("running", status(id));
    }
}
