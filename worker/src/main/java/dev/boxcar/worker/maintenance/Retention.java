package dev.boxcar.worker.maintenance;

import dev.boxcar.worker.persistence.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges what ended longer ago than the retention ({@code BOXCAR_RETENTION_DAYS}, 7 by default):
 * ended processes with their logs, finished jobs with their results and live output, then batches
 * left without jobs. A job that a live process still refers to (its start) stays. Deletes go in
 * small batches, each its own transaction, so a large backlog never holds long locks.
 */
public final class Retention implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final int BATCH = 500;
    private static final int MAX_BATCHES_PER_RUN = 40;

    private final Database db;
    private final int retentionDays;

    public Retention(Database db, int retentionDays) {
        this.db = db;
        this.retentionDays = retentionDays;
    }

    @Override
    public void run() {
        int processes = purge("DELETE FROM processes WHERE id IN (SELECT id FROM processes "
                + "WHERE ended_at < now() - make_interval(days => :days) AND status IN ('exited', 'killed', 'failed') "
                + "LIMIT :batch)");
        int jobs = purge("DELETE FROM jobs WHERE id IN (SELECT j.id FROM jobs j "
                + "WHERE j.finished_at < now() - make_interval(days => :days) "
                + "AND j.status IN ('completed', 'timed_out', 'cancelled', 'error') "
                + "AND NOT EXISTS (SELECT 1 FROM processes p WHERE p.job_id = j.id) LIMIT :batch)");
        int batches = purge("DELETE FROM batches WHERE id IN (SELECT b.id FROM batches b "
                + "WHERE b.created_at < now() - make_interval(days => :days) "
                + "AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.batch_id = b.id) LIMIT :batch)");
        if (processes + jobs + batches > 0) {
            LOG.info("retention: purged {} job(s), {} process(es), {} batch(es) older than {} day(s)", jobs, processes,
                    batches, retentionDays);
        }
    }

    private int purge(String deleteBatch) {
        int total = 0;
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            int deleted = db.inTransaction(em -> em.createNativeQuery(deleteBatch)
                    .setParameter("days", retentionDays)
                    .setParameter("batch", BATCH)
                    .executeUpdate());
            total += deleted;
            if (deleted < BATCH) {
                break;
            }
        }
        return total;
    }
}
