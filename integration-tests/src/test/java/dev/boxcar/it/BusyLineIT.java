package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Jobs submitted behind queued or running work of their sandbox come without a message of their
 * own; the worker draining the line runs them (issue #16). These tests attack the moments where
 * such a job could be left behind with nobody to run it: a line that empties while submissions
 * arrive, and a queued job cancelled in the middle of a line. A job left behind would wait for
 * the dispatcher's last resort (a line head that waited a minute), so each must end well before.
 */
class BusyLineIT {
    private final RawApi alice = RawApi.tenantA();

    /**
     * Eight clients submit to one sandbox with pauses of 0 to 30 ms, so the line keeps emptying
     * and filling again while submissions are in flight: every job completes, each within 30 s of
     * its submission, and the line ran them one at a time.
     */
    @Test
    void submissionsRacingALineThatKeepsEmptyingAllRunPromptly() throws Exception {
        String sandbox = TestEnvironment.sandboxId("busy-line");
        Jobs.runInSandbox(alice, sandbox, ExecRequest.command("true"));
        List<String> submitted = Collections.synchronizedList(new ArrayList<>());
        List<Instant> at = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        Thread.sleep(ThreadLocalRandom.current().nextInt(31));
                        Instant now = Instant.now();
                        String id = Jobs.submitToSandbox(alice, sandbox,
                                ExecRequest.command("echo " + client + "-" + i + " >> /workspace/ran"));
                        synchronized (submitted) {
                            submitted.add(id);
                            at.add(now);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            clients.shutdownNow();
        }
        for (int i = 0; i < submitted.size(); i++) {
            JsonObject job = Jobs.awaitFinished(alice, submitted.get(i), Duration.ofSeconds(90));
            assertEquals("completed", job.getString("status"), job::toString);
            Instant finished = Instant.parse(job.getString("finishedAt"));
            long waited = Duration.between(at.get(i), finished).toSeconds();
            assertTrue(waited < 30, "job " + job.getString("id") + " ended " + waited + " s after its submission");
        }
        String ran = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("wc -l < /workspace/ran"))
                .getJsonObject("result").getString("stdout").trim();
        assertEquals("200", ran, "each of the 200 jobs ran once");
    }

    /**
     * A queued job in the middle of a line is cancelled: the jobs behind it still run when the
     * running one ends, and the cancelled one never does.
     */
    @Test
    void aJobCancelledInTheMiddleOfALineLeavesTheRestToRun() {
        String sandbox = TestEnvironment.sandboxId("cancel-line");
        String first = Jobs.submitToSandbox(alice, sandbox, ExecRequest.command("sleep 2; echo 1 >> /workspace/line"));
        String middle = Jobs.submitToSandbox(alice, sandbox, ExecRequest.command("echo 2 >> /workspace/line"));
        String last = Jobs.submitToSandbox(alice, sandbox, ExecRequest.command("echo 3 >> /workspace/line"));
        ApiResponse cancelled = alice.delete("/api/v1/jobs/" + middle);
        assertEquals(202, cancelled.status(), cancelled::toString);

        assertEquals("completed", Jobs.awaitFinished(alice, first, Duration.ofSeconds(60)).getString("status"));
        assertEquals("cancelled", Jobs.awaitFinished(alice, middle, Duration.ofSeconds(60)).getString("status"));
        JsonObject end = Jobs.awaitFinished(alice, last, Duration.ofSeconds(30));
        assertEquals("completed", end.getString("status"), end::toString);
        assertEquals("1\n3\n", Jobs.runInSandbox(alice, sandbox, ExecRequest.command("cat /workspace/line"))
                .getJsonObject("result").getString("stdout"));
    }
}
