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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** No accepted job is lost: worker crashes and broker outages, against the real processes. */
class DeliveryGuaranteesIT {
    private final RawApi alice = RawApi.tenantA();

    @AfterEach
    void startAgainWhatTheTestKilled() {
        Stack.revive();
    }

    /**
     * Three jobs lose their worker to kill -9: one whose command is still running when another
     * worker adopts it, one whose command ended while nobody listened, and a throw-away one. The
     * first two are taken over through their sandbox's agent, and each command ran exactly once
     * (the evidence each leaves in its sandbox); the throw-away one runs again from scratch.
     */
    @Test
    void jobsWhoseWorkerIsKilledAreAdoptedAndTheirCommandsRunOnce() {
        String longSandbox = TestEnvironment.sandboxId("adopt-long");
        String shortSandbox = TestEnvironment.sandboxId("adopt-short");
        String stillRunning = Jobs.startInSandbox(alice, longSandbox, ExecRequest.command(
                "echo started >> /workspace/evidence; echo started; sleep 25; echo finished >> /workspace/evidence; "
                        + "echo finished").timeoutMs(120_000));
        String endsUnheard = Jobs.startInSandbox(alice, shortSandbox, ExecRequest.command(
                "echo ran >> /workspace/evidence; echo started; sleep 5; echo done"));
        ApiResponse throwaway = alice.post("/api/v1/exec", ExecRequest.command("echo started; sleep 5; echo again").json());
        assertEquals(202, throwaway.status(), throwaway::toString);
        String rerun = throwaway.json().getString("id");
        List<String> jobs = List.of(stillRunning, endsUnheard, rerun);
        // Live output is copied about once a second while a job runs: each command has started.
        Poll.until(Duration.ofSeconds(60), "the three commands to have started",
                () -> jobs.stream().allMatch(id -> Stack.liveStdoutOf(id).contains("started")));

        Instant killedAt = Instant.now();
        jobs.stream().map(Stack::workerPidOf).distinct().forEach(Stack::kill9);
        Stack.revive();

        JsonObject adopted = Jobs.awaitFinished(alice, stillRunning, Duration.ofSeconds(90));
        System.out.printf("workers killed with -9: their running job was adopted and ended after %d s%n",
                Duration.between(killedAt, Instant.now()).toSeconds());
        assertEquals("completed", adopted.getString("status"), adopted::toString);
        assertEquals("started\nfinished\n", adopted.getJsonObject("result").getString("stdout"));
        assertEquals(2, adopted.getInt("attempts"), adopted::toString);

        JsonObject collected = Jobs.awaitFinished(alice, endsUnheard, Duration.ofSeconds(90));
        assertEquals("completed", collected.getString("status"), collected::toString);
        assertEquals("started\ndone\n", collected.getJsonObject("result").getString("stdout"));
        assertEquals(2, collected.getInt("attempts"), collected::toString);

        JsonObject again = Jobs.awaitFinished(alice, rerun, Duration.ofSeconds(90));
        assertEquals("completed", again.getString("status"), again::toString);
        assertEquals("started\nagain\n", again.getJsonObject("result").getString("stdout"));
        assertEquals(2, again.getInt("attempts"), again::toString);

        // Each sandbox command ran once, and each sandbox's line goes on.
        assertEquals("started\nfinished\n", Jobs.runInSandbox(alice, longSandbox,
                ExecRequest.command("cat /workspace/evidence")).getJsonObject("result").getString("stdout"));
        assertEquals("ran\n", Jobs.runInSandbox(alice, shortSandbox,
                ExecRequest.command("cat /workspace/evidence")).getJsonObject("result").getString("stdout"));
    }

    /**
     * Jobs queued behind a running one come without a message of their own (issue #16: the line's
     * drain runs them). When the worker draining the line dies, the adopter of the running job
     * drains the rest: every job completes, once, in order, long before the dispatcher's last
     * resort for line heads that waited a minute.
     */
    @Test
    void jobsQueuedBehindAJobWhoseWorkerIsKilledRunOnceInOrderAfterTheAdoption() {
        String sandbox = TestEnvironment.sandboxId("adopt-line");
        String first = Jobs.startInSandbox(alice, sandbox, ExecRequest.command(
                "echo started; sleep 5; echo 0 >> /workspace/line"));
        List<String> behind = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            behind.add(Jobs.submitToSandbox(alice, sandbox, ExecRequest.command("echo " + i + " >> /workspace/line")));
        }
        Poll.until(Duration.ofSeconds(60), "the first command to have started",
                () -> Stack.liveStdoutOf(first).contains("started"));

        Instant killedAt = Instant.now();
        Stack.kill9(Stack.workerPidOf(first));
        Stack.revive();

        assertEquals("completed", Jobs.awaitFinished(alice, first, Duration.ofSeconds(90)).getString("status"));
        for (String id : behind) {
            JsonObject job = Jobs.awaitFinished(alice, id, Duration.ofSeconds(90));
            assertEquals("completed", job.getString("status"), job::toString);
        }
        long seconds = Duration.between(killedAt, Instant.now()).toSeconds();
        System.out.printf("the line behind a killed worker's job completed %d s after the kill%n", seconds);
        assertTrue(seconds < 50, "the adopter drained the line (not the one-minute last resort): " + seconds + " s");
        assertEquals("0\n1\n2\n3\n4\n5\n", Jobs.runInSandbox(alice, sandbox, ExecRequest.command("cat /workspace/line"))
                .getJsonObject("result").getString("stdout"));
    }

    @Test
    void jobsAcceptedWhileTheBrokerIsDownAllCompleteOnceItIsBack() {
        Stack.stopBrokers();
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ApiResponse response = alice.post("/api/v1/sandboxes/" + TestEnvironment.sandboxId("outage-" + (i % 4)) + "/exec",
                    ExecRequest.command("echo " + i).json());
            assertEquals(202, response.status(), response::toString);
            accepted.add(response.json().getString("id"));
        }
        // The API learns of the stopped broker from its connection's exception listener, asynchronously.
        Poll.until(Duration.ofSeconds(10), "readiness to say the broker is away",
                () -> RawApi.anonymous().get("/health/ready").status() == 503);
        Stack.revive();
        for (String jobId : accepted) {
            JsonObject job = Jobs.awaitFinished(alice, jobId, Duration.ofSeconds(120));
            assertEquals("completed", job.getString("status"), job::toString);
        }
    }

    @Test
    void aJobWhoseMessageWasDeadLetteredEndsAsAnErrorWithTheReason() {
        String sandbox = TestEnvironment.sandboxId("dead-letter");
        String blocker = Jobs.startInSandbox(alice, sandbox, ExecRequest.command("sleep 60").timeoutMs(120000));
        String waiting = Jobs.submitToSandbox(alice, sandbox, ExecRequest.command("echo never"));
        Stack.sendJobMessage("boxcar.jobs.dead", blocker);
        Stack.sendJobMessage("boxcar.jobs.dead", waiting);
        JsonObject dead = Jobs.awaitFinished(alice, waiting, Duration.ofSeconds(30));
        assertEquals("error", dead.getString("status"), dead::toString);
        assertEquals("dead_lettered", dead.getJsonObject("error").getString("code"));

        // A running job's message dead-lettered (its deliveries went to workers that died) ends
        // nothing: the job's worker does.
        Poll.holdsFor(Duration.ofSeconds(3), "the running job with a dead-lettered message to keep running",
                () -> "running".equals(alice.get("/api/v1/jobs/" + blocker).json().getString("status")));
        assertEquals(202, alice.delete("/api/v1/jobs/" + blocker).status());
        JsonObject cancelled = Jobs.awaitFinished(alice, blocker, Duration.ofSeconds(30));
        assertEquals("cancelled", cancelled.getString("status"), cancelled::toString);
    }
}
