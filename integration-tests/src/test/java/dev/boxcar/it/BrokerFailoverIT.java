package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.model.BatchCreated;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.Stack;
import dev.boxcar.it.support.TestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scale out, the broker (README "Delivery guarantees and faults"): with a primary/backup pair
 * (BOXCAR_BROKERS=2, as {@code ./boxcar test} runs it), {@code kill -9} of the live broker in the
 * middle of a batch loses no job: the backup takes the shared journal over, API and workers fail
 * over to it, and every job of the batch, and every job submitted during the failover, ends
 * {@code completed}, once, while the killed broker is still dead. Then {@code ./boxcar revive}
 * starts it again, it takes over again (failback), and jobs still run.
 */
class BrokerFailoverIT {
    private static final int JOBS = 100;
    private static final int SANDBOXES = 10;
    private static final int DURING_FAILOVER = 10;
    private final BoxcarClient alice = Clients.tenantA();

    @BeforeEach
    void needsAPair() {
        Assumptions.assumeTrue(Stack.brokerPair(), "the stack runs one broker (BOXCAR_BROKERS=1): broker failover "
                + "needs a primary/backup pair; ./boxcar test runs one (BOXCAR_BROKERS=2)");
        Poll.until(Duration.ofSeconds(60), "both brokers to run, the primary live",
                () -> Stack.isAlive("artemis") && Stack.isAlive("artemis-2") && "artemis".equals(Stack.liveBroker()));
    }

    @AfterEach
    void bringBackTheKilledBroker() {
        if (Stack.brokerPair()) {
            Stack.revive();
        }
    }

    @Test
    void killingTheLiveBrokerMidBatchLosesNoJob() {
        String sandboxPrefix = TestEnvironment.sandboxId("broker-failover");
        List<ExecRequest> batch = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            batch.add(ExecRequest.command(evidence("b" + i, 0.3)).sandboxId(sandboxPrefix + "-" + (i % SANDBOXES))
                    .timeoutMs(120_000).build());
        }
        BatchCreated created = alice.batches().submit(batch);
        Poll.until(Duration.ofMinutes(2), "a tenth of the batch to finish", () -> finished(created.id()) >= JOBS / 10);

        String live = Stack.liveBroker();
        assertEquals("artemis", live);
        int finishedAtKill = finished(created.id());
        long killedAt = System.nanoTime();
        Stack.kill9(live);
        assertTrue(finishedAtKill < JOBS, "the batch finished before the kill: make its jobs longer");

        // Submitted while the backup takes over: accepted (PostgreSQL), dispatched once a broker is live.
        Map<String, String> singles = new HashMap<>();
        for (int i = 0; i < DURING_FAILOVER; i++) {
            String marker = "s" + i;
            singles.put(alice.sandboxes().exec(sandboxPrefix + "-" + (i % SANDBOXES),
                    ExecRequest.command(evidence(marker, 0.1)).build()).id(), marker);
        }
        Poll.until(Duration.ofSeconds(60), "the backup to take over", () -> "artemis-2".equals(Stack.liveBroker()));
        double failover = seconds(killedAt);

        Poll.until(Duration.ofMinutes(3), "the batch to finish on the backup", () -> finished(created.id()) >= JOBS);
        double batchDone = seconds(killedAt);
        Map<String, String> markers = new HashMap<>();
        List<Job> jobs = alice.batches().jobs(created.id()).toList();
        assertEquals(JOBS, jobs.size());
        for (int i = 0; i < JOBS; i++) {
            markers.put(jobs.get(i).id(), "b" + i);
        }
        markers.putAll(singles);
        for (Map.Entry<String, String> job : markers.entrySet()) {
            Job ended = Jobs.awaitFinished(alice, job.getKey(), Duration.ofMinutes(2));
            assertEquals("completed", ended.status(), ended::toString);
            assertEquals(job.getValue() + "\n", ended.result().stdout(), ended::toString);
        }
        double allDone = seconds(killedAt);
        assertTrue(Stack.isAlive("artemis-2"), "the backup still runs");
        assertFalse(Stack.isAlive("artemis"), "the killed primary is still dead: the jobs ran on the backup alone");

        // Each job ran once: its marker is in its sandbox exactly once.
        Map<String, Integer> evidence = new HashMap<>();
        for (int s = 0; s < SANDBOXES; s++) {
            Job read = Jobs.runInSandbox(alice, sandboxPrefix + "-" + s, ExecRequest.command("cat /workspace/evidence"));
            for (String line : read.result().stdout().split("\n")) {
                if (!line.isBlank()) {
                    evidence.merge(line.trim(), 1, Integer::sum);
                }
            }
        }
        for (String marker : markers.values()) {
            assertEquals(1, evidence.getOrDefault(marker, 0), "evidence lines of job " + marker);
        }
        System.out.printf("broker failover: %d batch jobs (%d finished at the kill) + %d submitted during the failover; "
                        + "kill -9 of the primary, the backup live after %.1f s, the batch finished after %.1f s, "
                        + "all %d completed once after %.1f s, none lost%n", JOBS, finishedAtKill, DURING_FAILOVER,
                failover, batchDone, markers.size(), allDone);

        // Failback: the primary starts again, takes the store back, and the pair serves on.
        long revivedAt = System.nanoTime();
        Stack.revive();
        Poll.until(Duration.ofSeconds(60), "the primary to be live again", () -> "artemis".equals(Stack.liveBroker())
                && Stack.isAlive("artemis-2"));
        Job after = Jobs.runInSandbox(alice, sandboxPrefix + "-0", ExecRequest.command("echo after failback"));
        assertEquals("completed", after.status(), after::toString);
        assertNotNull(after.result());
        System.out.printf("broker failback: revived, primary live again and a job completed after %.1f s%n", seconds(revivedAt));
    }

    /** Leaves the job's marker in its sandbox, then prints it. */
    private static String evidence(String marker, double sleepSeconds) {
        return "echo " + marker + " >> /workspace/evidence; sleep " + sleepSeconds + "; echo " + marker;
    }

    private int finished(String batchId) {
        var batch = alice.batches().get(batchId);
        return batch.total() - batch.count("queued") - batch.count("running");
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
