package dev.boxcar.worker.maintenance;

import dev.boxcar.worker.persistence.JobRepository;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs the database says this worker runs, but which it does not have in hand, are given up for
 * adoption. That happens when a claim committed but its answer was lost (the database died during
 * the commit, and the retried claim found the job already taken, by this very worker): nobody
 * would ever run such a job, since its worker is alive. A job must be missing from the worker's
 * hands in two checks in a row, so a claim that has just committed is never mistaken for one.
 */
public final class LostTrackCheck implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LostTrackCheck.class);

    private final JobRepository jobs;
    private final Supplier<Set<UUID>> inHand;
    private final String workerId;
    private Set<UUID> missingLastTime = Set.of();

    public LostTrackCheck(JobRepository jobs, Supplier<Set<UUID>> inHand, String workerId) {
        this.jobs = jobs;
        this.inHand = inHand;
        this.workerId = workerId;
    }

    @Override
    public void run() {
        Set<UUID> missing = new HashSet<>(jobs.runningOf(workerId));
        missing.removeAll(inHand.get());
        List<UUID> lost = missing.stream().filter(missingLastTime::contains).toList();
        missingLastTime = missing;
        if (!lost.isEmpty()) {
            int released = jobs.giveUpForAdoption(lost, workerId);
            LOG.warn("gave {} job(s) this worker had lost track of to adoption: {}", released, lost);
        }
    }
}
