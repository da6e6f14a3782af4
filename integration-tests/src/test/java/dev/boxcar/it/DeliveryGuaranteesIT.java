package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.BoxcarClient;
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
    private final BoxcarClient alice = BoxcarClient.tenantA();

    @AfterEach
    void startAgainWhatTheTestKilled() {
        Stack.revive();
    }

    @Test
    void aJobWhoseWorkerIsKilledEndsAsWorkerLostAndTheOtherWorkerRunsTheNextJobs() {
        String sandbox = TestEnvironment.sandboxId("orphan");
        String jobId = Jobs.startInSandbox(alice, sandbox, ExecRequest.command("sleep 90").timeoutMs(120000));
        Instant killedAt = Instant.now();
        Stack.kill9(Stack.workerPidOf(jobId));

        JsonObject lost = Jobs.awaitFinished(alice, jobId, Duration.ofSeconds(60));
        long detectedAfterSeconds = Duration.between(killedAt, Instant.now()).toSeconds();
        assertEquals("error", lost.getString("status"), lost::toString);
        assertEquals("worker_lost", lost.getJsonObject("error").getString("code"));
        System.out.printf("worker killed with -9: its job ended as error after %d s%n", detectedAfterSeconds);

        for (int i = 0; i < 3; i++) {
            JsonObject next = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("after-crash-" + i), ExecRequest.command("echo " + i));
            assertEquals("completed", next.getString("status"), next::toString);
        }
        JsonObject sameSandbox = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("echo line goes on"));
        assertEquals("line goes on\n", sameSandbox.getJsonObject("result").getString("stdout"));
    }

    @Test
    void jobsAcceptedWhileTheBrokerIsDownAllCompleteOnceItIsBack() {
        Stack.stop("artemis");
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ApiResponse response = alice.post("/api/v1/sandboxes/" + TestEnvironment.sandboxId("outage-" + (i % 4)) + "/exec",
                    ExecRequest.command("echo " + i).json());
            assertEquals(202, response.status(), response::toString);
            accepted.add(response.json().getString("id"));
        }
        assertEquals(503, BoxcarClient.anonymous().get("/health/ready").status(), "not ready without a broker");
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
        Stack.sendJobMessage("boxcar.jobs.dead", waiting);
        JsonObject dead = Jobs.awaitFinished(alice, waiting, Duration.ofSeconds(30));
        assertEquals("error", dead.getString("status"), dead::toString);
        assertEquals("dead_lettered", dead.getJsonObject("error").getString("code"));
        assertEquals(202, alice.delete("/api/v1/jobs/" + blocker).status());
    }
}
