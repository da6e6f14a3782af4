package dev.boxcar.worker.execution;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this worker is running right now and where their commands run, so that a job ended
 * elsewhere (cancelled through the API, swept) can have its process tree killed here.
 */
public final class RunningJobs {
    /** Where a job's command runs: the agent's socket and the run id the agent knows it by. */
    public record Run(Path agentSocket, String runId) {
    }

    private final Map<UUID, Run> runs = new ConcurrentHashMap<>();

    public void started(UUID jobId, Run run) {
        runs.put(jobId, run);
    }

    public void ended(UUID jobId) {
        runs.remove(jobId);
    }

    public List<UUID> ids() {
        return List.copyOf(runs.keySet());
    }

    public Run get(UUID jobId) {
        return runs.get(jobId);
    }
}
