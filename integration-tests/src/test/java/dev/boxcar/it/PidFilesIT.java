package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.Stack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pids are reused within a minute on these machines (pid_max 32768, a pid per thread), so a pid
 * file alone cannot tell a component that runs from a stranger that got its pid after it died:
 * CI once saw a killed broker "still running" as a WildFly thread, and `revive` waited for it to
 * listen instead of starting the broker. The script and the tests' {@link Stack} know a process
 * by its pid and its start time. This drives {@code ./boxcar status} on a state directory of its
 * own (no component of the running stack is touched) whose pid file names a live stranger.
 */
class PidFilesIT {
    @TempDir
    Path state;
    private Process stranger;

    @BeforeEach
    void startAStranger() throws IOException {
        stranger = new ProcessBuilder("sleep", "120").start();
        Files.createDirectories(state.resolve("run"));
    }

    @AfterEach
    void stopTheStranger() throws InterruptedException {
        stranger.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void aPidFileWhoseProcessStartedAtAnotherTimeNamesADeadComponent() throws Exception {
        recordWorker7(stranger.pid(), "1");

        assertFalse(Stack.isAlive(state.resolve("run"), "worker-7"));
        String status = boxcar("status");
        assertTrue(status.contains("worker-7: not running (pid " + stranger.pid() + " is another process now)"), status);
        assertTrue(stranger.isAlive(), "the stranger is left alone");
    }

    @Test
    void aPidFileWhoseProcessStartedWhenRecordedNamesARunningComponent() throws Exception {
        recordWorker7(stranger.pid(), Stack.startTicks(stranger.pid()));

        assertTrue(Stack.isAlive(state.resolve("run"), "worker-7"));
        String status = boxcar("status");
        assertTrue(status.contains("worker-7: running (pid " + stranger.pid() + ")"), status);
    }

    @Test
    void aPidFileWithoutAStartTimeIsTrustedAsBefore() throws Exception {
        Files.writeString(state.resolve("run/worker-7.pid"), stranger.pid() + "\n");

        assertTrue(Stack.isAlive(state.resolve("run"), "worker-7"));
        String status = boxcar("status");
        assertTrue(status.contains("worker-7: running (pid " + stranger.pid() + ")"), status);
    }

    private void recordWorker7(long pid, String startTicks) throws IOException {
        Files.writeString(state.resolve("run/worker-7.pid"), pid + "\n");
        Files.writeString(state.resolve("run/worker-7.pid.start"), startTicks + "\n");
    }

    /** Runs ./boxcar on this test's state directory; port 1 has no API, so status asks none. */
    private String boxcar(String command) throws Exception {
        String script = System.getenv().getOrDefault("BOXCAR_TEST_BOXCAR", "./boxcar");
        ProcessBuilder builder = new ProcessBuilder(script, command).redirectErrorStream(true);
        builder.environment().put("BOXCAR_STATE_DIR", state.toString());
        builder.environment().put("BOXCAR_HTTP_PORT", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "boxcar " + command + " did not end");
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
