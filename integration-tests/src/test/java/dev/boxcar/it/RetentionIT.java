package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.Stack;
import dev.boxcar.it.support.TestEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Finished jobs (with their output) and ended processes (with their logs) are purged once they
 * ended longer ago than BOXCAR_RETENTION_DAYS (7); newer ones stay. ./boxcar test runs the purge
 * every 5 s (BOXCAR_PURGE_INTERVAL_SECONDS) and the test moves the end a week into the past.
 */
class RetentionIT {
    private final RawApi alice = RawApi.tenantA();

    @Test
    void whatEndedBeforeTheRetentionIsPurgedAndWhatEndedSinceStays() {
        String sandbox = TestEnvironment.sandboxId("retention");
        String old = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("echo old")).getString("id");
        String recent = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("echo recent")).getString("id");
        ApiResponse started = alice.post("/api/v1/sandboxes/" + sandbox + "/processes", "{\"command\":\"echo bye\"}");
        assertEquals(202, started.status(), started::toString);
        String process = started.json().getString("id");
        String processPath = "/api/v1/sandboxes/" + sandbox + "/processes/" + process;
        Poll.until(Duration.ofSeconds(30), "the process to end",
                () -> "exited".equals(alice.get(processPath).json().getString("status")));

        Stack.backdateEnd("jobs", old, 8);
        Stack.backdateEnd("processes", process, 8);

        Poll.until(Duration.ofSeconds(60), "the old job and process to be purged",
                () -> alice.get("/api/v1/jobs/" + old).status() == 404 && alice.get(processPath).status() == 404);
        assertEquals(200, alice.get("/api/v1/jobs/" + recent).status(), "a job that ended just now was purged");
    }
}
