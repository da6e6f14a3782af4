package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Stack;
import dev.boxcar.it.support.TestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Docker engine that stops answering (seen in CI: a {@code start} of a container whose shim had
 * died never came back) must not hold a worker's job thread for good. The test freezes the
 * engine (SIGSTOP: its socket still takes connections and answers nothing) while a job needs a
 * new container: the job ends as an error by the worker's Docker deadline
 * ({@code BOXCAR_DOCKER_CALL_TIMEOUT_SECONDS}, 30 s under {@code ./boxcar test}), and once the
 * engine answers again the workers run jobs as before.
 */
class DockerHangIT {
    /** The deadline {@code ./boxcar test} gives the workers, and room for the job's other steps. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration ROOM = Duration.ofSeconds(45);

    private final BoxcarClient alice = Clients.tenantA();

    @Test
    void aJobWaitingOnAHungEngineEndsByTheDeadlineAndTheWorkersGoOn() {
        String sandbox = TestEnvironment.sandboxId("hung-engine");
        Job ended;
        long started = System.nanoTime();
        Stack.freeze("dockerd");
        try {
            String jobId = alice.sandboxes().exec(sandbox, ExecRequest.command("echo never").build()).id();
            ended = Jobs.awaitFinished(alice, jobId, DEADLINE.plus(ROOM));
        } finally {
            Stack.thaw("dockerd");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals("error", ended.status(), ended::toString);
        assertNotNull(ended.error(), ended::toString);
        assertTrue(ended.error().message().contains("did not answer"), ended::toString);
        assertTrue(took.compareTo(DEADLINE) >= 0, "ended before the deadline, after " + took + ": " + ended);
        System.out.printf("DockerHangIT: the job ended %.1f s after the engine froze: %s%n", took.toMillis() / 1000.0,
                ended.error().message());

        // The job threads came back: new sandboxes, more at once than the workers have job
        // threads (two workers, four each), all get containers from the engine and run.
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            after.add(alice.sandboxes().exec(TestEnvironment.sandboxId("after-hang-" + i),
                    ExecRequest.command("echo back").build()).id());
        }
        for (String jobId : after) {
            Job job = Jobs.awaitFinished(alice, jobId, Duration.ofSeconds(120));
            assertEquals("completed", job.status(), job::toString);
            assertEquals("back\n", job.result().stdout());
        }
    }
}
