package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Docker;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.TestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sandbox's container that died or vanished behind Boxcar's back between jobs, or while a line
 * of jobs drains: the worker trusts the recorded container without asking its agent first (issue
 * #16), so the first call that finds no agent must bring the container back, and the job runs
 * there as if nothing happened.
 */
class SandboxRecoveryIT {
    private final BoxcarClient alice = Clients.tenantA();

    private static String containerOf(String sandbox) {
        List<String> ids = Docker.containersWithLabels("boxcar.tenant=" + TestEnvironment.TENANT_A, "boxcar.sandbox=" + sandbox);
        assertEquals(1, ids.size(), "one container for sandbox " + sandbox + ": " + ids);
        return ids.get(0);
    }

    @Test
    void aKilledContainerIsStartedAgainForTheNextJobWithItsFiles() {
        String sandbox = TestEnvironment.sandboxId("killed");
        assertEquals("completed", Jobs.runInSandbox(alice, sandbox, ExecRequest.command("echo kept > /workspace/f")).status());
        String container = containerOf(sandbox);
        Docker.kill(container);

        Job next = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("cat /workspace/f"));
        assertEquals("completed", next.status(), next::toString);
        assertEquals("kept\n", next.result().stdout());
        assertEquals(container, containerOf(sandbox), "the same container, started again");
    }

    @Test
    void aRemovedContainerIsCreatedAgainForTheNextJob() {
        String sandbox = TestEnvironment.sandboxId("removed");
        assertEquals("completed", Jobs.runInSandbox(alice, sandbox, ExecRequest.command("echo gone > /workspace/f")).status());
        String container = containerOf(sandbox);
        Docker.remove(container);

        Job next = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("test -e /workspace/f && echo there || echo fresh"));
        assertEquals("completed", next.status(), next::toString);
        assertEquals("fresh\n", next.result().stdout(), "a new container starts empty");
        assertNotEquals(container, containerOf(sandbox));
    }

    /**
     * A line of 40 jobs; its container is killed while the line drains. The job running at that
     * moment may end as an error (its command died with the container); every later one completes,
     * in order, in the container started again.
     */
    @Test
    void aLineKeepsDrainingInOrderWhenItsContainerIsKilledMidway() {
        String sandbox = TestEnvironment.sandboxId("midway");
        assertEquals("completed", Jobs.runInSandbox(alice, sandbox, ExecRequest.command("true")).status());
        String container = containerOf(sandbox);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(alice.sandboxes().exec(sandbox, ExecRequest.command("sleep 0.05; echo " + i + " >> /workspace/line").build()).id());
        }
        Poll.until(Duration.ofSeconds(60), "ten jobs of the line to finish",
                () -> alice.jobs().get(ids.get(9)).isFinished());
        Docker.kill(container);

        List<Job> ended = ids.stream().map(id -> Jobs.awaitFinished(alice, id, Duration.ofSeconds(90))).toList();
        long notCompleted = ended.stream().filter(job -> !"completed".equals(job.status())).count();
        assertTrue(notCompleted <= 1, () -> "only the job running at the kill may fail: " + ended);
        assertEquals("completed", ended.get(39).status(), () -> ended.get(39).toString());
        Job line = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("cat /workspace/line"));
        List<String> lines = List.of(line.result().stdout().trim().split("\n"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            if ("completed".equals(ended.get(i).status())) {
                expected.add(Integer.toString(i));
            }
        }
        // The job the kill interrupted may or may not have written its line before it died.
        List<String> withoutInterrupted = lines.stream().filter(expected::contains).toList();
        assertEquals(expected, withoutInterrupted, "every completed job wrote its line, in order: " + lines);
        assertEquals(container, containerOf(sandbox), "the same container, started again");
    }
}
