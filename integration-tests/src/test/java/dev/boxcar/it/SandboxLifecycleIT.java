package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;

class SandboxLifecycleIT {
    private final RawApi alice = RawApi.tenantA();

    @Test
    void aSandboxGoesFromPendingToRunningWithItsFirstJob() {
        String id = TestEnvironment.sandboxId("pending");
        assertEquals("pending", alice.put("/api/v1/sandboxes/" + id, null).json().getString("status"));
        Jobs.runInSandbox(alice, id, ExecRequest.command("true"));
        JsonObject sandbox = alice.get("/api/v1/sandboxes/" + id).json();
        assertEquals("running", sandbox.getString("status"));
        assertTrue(!sandbox.isNull("lastUsedAt"));
    }

    @Test
    void destroyRemovesTheContainerKeepsTheRecordsAndTheIdCanBeUsedAgain() {
        String id = TestEnvironment.sandboxId("destroy");
        JsonObject before = Jobs.runInSandbox(alice, id, ExecRequest.command("echo data > /workspace/file"));
        ApiResponse destroy = alice.delete("/api/v1/sandboxes/" + id);
        assertEquals(202, destroy.status(), destroy::toString);
        assertEquals("sandbox.destroy", destroy.json().getString("type"));
        JsonObject destroyJob = Jobs.awaitFinished(alice, destroy.json().getString("id"), Duration.ofSeconds(60));
        assertEquals("completed", destroyJob.getString("status"), destroyJob::toString);
        assertEquals("destroyed", alice.get("/api/v1/sandboxes/" + id).json().getString("status"));
        Poll.until(Duration.ofSeconds(10), "the container to be removed", () -> Docker.containersWithLabels(
                "boxcar.tenant=" + TestEnvironment.TENANT_A, "boxcar.sandbox=" + id).isEmpty());
        assertEquals(200, alice.get("/api/v1/jobs/" + before.getString("id")).status(), "records stay readable");

        JsonObject reborn = Jobs.runInSandbox(alice, id, ExecRequest.command("test -e /workspace/file && echo old || echo new"));
        assertEquals("new\n", reborn.getJsonObject("result").getString("stdout"));
        assertEquals("running", alice.get("/api/v1/sandboxes/" + id).json().getString("status"));
    }

    @Test
    void destroyingCancelsWhatIsRunningInTheSandbox() {
        String id = TestEnvironment.sandboxId("destroy-busy");
        String busy = Jobs.startInSandbox(alice, id, ExecRequest.command("sleep 120").timeoutMs(300000));
        String destroy = alice.delete("/api/v1/sandboxes/" + id).json().getString("id");
        Jobs.awaitFinished(alice, destroy, Duration.ofSeconds(60));
        assertEquals("cancelled", Jobs.awaitFinished(alice, busy, Duration.ofSeconds(30)).getString("status"));
        assertEquals(404, alice.delete("/api/v1/sandboxes/" + TestEnvironment.sandboxId("never-made")).status());
    }

    @Test
    void aSandboxWhoseContainerCannotStartIsFailedWithAReasonAndItsJobIsAnError() {
        String id = TestEnvironment.sandboxId("broken");
        assertEquals(201, alice.put("/api/v1/sandboxes/" + id, "{\"image\":\"missing\"}").status());
        JsonObject job = Jobs.runInSandbox(alice, id, ExecRequest.command("true"));
        assertEquals("error", job.getString("status"), job::toString);
        assertTrue(job.getJsonObject("error").getString("message").contains("not on the Docker engine"), job::toString);
        JsonObject sandbox = alice.get("/api/v1/sandboxes/" + id).json();
        assertEquals("failed", sandbox.getString("status"));
        assertTrue(sandbox.getString("error").contains("boxcar/not-built:none"), sandbox::toString);
    }

    @Test
    void aSandboxsLimitsComeFromItsConfiguration() {
        String id = TestEnvironment.sandboxId("limits");
        alice.put("/api/v1/sandboxes/" + id, "{\"memoryMb\":256,\"cpus\":0.5,\"pids\":64,\"env\":{\"FROM_SANDBOX\":\"yes\"}}");
        JsonObject job = Jobs.runInSandbox(alice, id, ExecRequest.command("echo $FROM_SANDBOX"));
        assertEquals("yes\n", job.getJsonObject("result").getString("stdout"));
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
        alice.put("/api/v1/sandboxes/" + id, "{\"idleTimeoutSeconds\":10}");
        Jobs.runInSandbox(alice, id, ExecRequest.command("echo kept > /workspace/state"));
        Poll.until(Duration.ofSeconds(60), "the idle sandbox to be stopped",
                () -> "stopped".equals(alice.get("/api/v1/sandboxes/" + id).json().getString("status")));
        String container = Docker.containersWithLabels("boxcar.tenant=" + TestEnvironment.TENANT_A, "boxcar.sandbox=" + id).get(0);
        assertEquals(false, Docker.inspect(container).getJsonObject("State").getBoolean("Running"));

        JsonObject next = Jobs.runInSandbox(alice, id, ExecRequest.command("cat /workspace/state"));
        assertEquals("kept\n", next.getJsonObject("result").getString("stdout"));
        assertEquals("running", alice.get("/api/v1/sandboxes/" + id).json().getString("status"));
    }
}
