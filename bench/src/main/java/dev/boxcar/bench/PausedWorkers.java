package dev.boxcar.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Stops every worker of the stack (SIGSTOP) for as long as it is open, so that a section measures
 * the API alone: jobs are accepted, stored and sent to the broker, and nobody consumes them.
 * Closing continues them (SIGCONT). A pause of seconds stays far below the broker's connection
 * TTL (60 s) and the workers' heartbeat timeout, so nothing takes the paused workers for lost.
 */
final class PausedWorkers implements AutoCloseable {
    private final Set<Long> pids;

    private PausedWorkers(Set<Long> pids) {
        this.pids = pids;
    }

    static PausedWorkers pause(Path runDir) {
        Set<Long> workers = StackPids.of(runDir).workers();
        if (workers.isEmpty()) {
            throw new IllegalStateException("no workers found in " + runDir);
        }
        signal("STOP", workers);
        return new PausedWorkers(workers);
    }

    int count() {
        return pids.size();
    }

    @Override
    public void close() {
        signal("CONT", pids);
    }

    private static void signal(String signal, Set<Long> pids) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        Host.run(command);
    }
}
