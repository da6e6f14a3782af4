package dev.boxcar.worker.execution;

import dev.boxcar.worker.agent.AgentClient;
import dev.boxcar.worker.agent.AgentException;
import dev.boxcar.worker.agent.AgentRequest;
import dev.boxcar.worker.persistence.JobRepository;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills the commands of jobs this worker runs when the API asked for their cancellation (or
 * they were ended elsewhere): the API flags the job in the database, and this watcher, polling
 * the worker's own handful of running jobs, turns that into a kill of the process tree.
 */
public final class CancelWatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CancelWatcher.class);

    private final RunningJobs running;
    private final JobRepository jobs;
    private final AgentClient agent;

    public CancelWatcher(RunningJobs running, JobRepository jobs, AgentClient agent) {
        this.running = running;
        this.jobs = jobs;
        this.agent = agent;
    }

    @Override
    public void run() {
        List<UUID> mine = running.ids();
        if (mine.isEmpty()) {
            return;
        }
        for (UUID jobId : jobs.toBeKilled(mine)) {
            RunningJobs.Run run = running.get(jobId);
            if (run == null) {
                continue;
            }
            try {
                agent.call(run.agentSocket(), AgentRequest.cancel(run.runId()), Duration.ofSeconds(5));
                LOG.info("killed the command of job {}, which was ended elsewhere", jobId);
            } catch (AgentException e) {
                LOG.warn("could not kill the command of job {}: {}", jobId, e.getMessage());
            }
        }
    }
}
