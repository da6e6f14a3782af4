package dev.boxcar.worker.persistence;

import static dev.boxcar.core.job.JobTransitions.edge;
import static dev.boxcar.core.job.JobTransitions.sourcesOf;

import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.core.job.JobType;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every job status change the worker makes, as conditional updates: a change happens only from
 * the status the state machine allows, so duplicate messages, racing workers and the sweeper
 * can never move a job twice.
 */
public final class JobRepository {
    /**
     * A job of the sandbox's line may start only when no earlier job of that line is still queued
     * or running; jobs outside the line (kills, destroys) never wait.
     */
    private static final String IS_HEAD_OF_ITS_SANDBOX = "(j.sandbox_pk IS NULL OR j.type NOT IN " + JobType.inLineSql()
            + " OR NOT EXISTS (SELECT 1 FROM jobs o WHERE o.sandbox_pk = j.sandbox_pk AND o.seq < j.seq"
            + " AND o.type IN " + JobType.inLineSql() + " AND o.status IN ('queued', 'running')))";
    private static final String CLAIM_SET = "SET status = 'running', worker_id = :worker, started_at = now(), "
            + "attempts = j.attempts + 1, version = j.version + 1 ";

    /** A graded job that could not be run gets the verdict {@code internal_error} (API.md). */
    private static final String VERDICT_IF_GRADED = "verdict = CASE WHEN jsonb_typeof(request::jsonb -> 'grading') = 'object' "
            + "THEN 'internal_error' ELSE verdict END";

    private final Database db;

    public JobRepository(Database db) {
        this.db = db;
    }

    /** Claims a queued job for this worker; empty when it is not claimable (yet, or any more). */
    public Optional<Job> claim(UUID jobId, String workerId) {
        String sql = "UPDATE jobs j " + CLAIM_SET
                + "WHERE j.id = :id AND j.status = " + edge(JobStatus.QUEUED, JobStatus.RUNNING)
                + " AND NOT j.cancel_requested AND " + IS_HEAD_OF_ITS_SANDBOX + " RETURNING j.*";
        return claimWith(sql, workerId, "id", jobId);
    }

    /** Claims the oldest queued job of a sandbox, so one worker drains a sandbox's line in order. */
    public Optional<Job> claimNextInSandbox(UUID sandboxPk, String workerId) {
        String sql = "UPDATE jobs j " + CLAIM_SET
                + "WHERE j.id = (SELECT id FROM jobs WHERE sandbox_pk = :pk AND status = 'queued' AND type IN "
                + JobType.inLineSql() + " ORDER BY seq LIMIT 1)"
                + " AND j.status = " + edge(JobStatus.QUEUED, JobStatus.RUNNING)
                + " AND NOT j.cancel_requested AND " + IS_HEAD_OF_ITS_SANDBOX + " RETURNING j.*";
        return claimWith(sql, workerId, "pk", sandboxPk);
    }

    private Optional<Job> claimWith(String sql, String workerId, String keyName, UUID key) {
        return db.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Job> claimed = em.createNativeQuery(sql, Job.class)
                    .setParameter("worker", workerId)
                    .setParameter(keyName, key)
                    .getResultList();
            return claimed.stream().findFirst();
        });
    }

    /** Records the final outcome of a job this worker runs; false when someone else ended it first. */
    public boolean finish(UUID jobId, String workerId, JobStatus finalStatus, String resultJson, String verdict) {
        return db.inTransaction(em -> endedOne(em.createNativeQuery(touchingItsSandbox("UPDATE jobs SET status = :status, "
                        + "result = :result, verdict = :verdict, finished_at = now(), version = version + 1 "
                        + "WHERE id = :id AND worker_id = :worker AND status = " + edge(JobStatus.RUNNING, finalStatus)))
                .setParameter("status", finalStatus.wireName())
                .setParameter("result", resultJson)
                .setParameter("verdict", verdict)
                .setParameter("id", jobId)
                .setParameter("worker", workerId)
                .getSingleResult()));
    }

    /** Ends a job as {@code error} with a reason a user can act on, from whatever status allows it. */
    public boolean fail(UUID jobId, String code, String message) {
        return db.inTransaction(em -> endedOne(em.createNativeQuery(touchingItsSandbox("UPDATE jobs SET status = 'error', "
                        + "error_code = :code, error_message = :message, finished_at = now(), version = version + 1, "
                        + VERDICT_IF_GRADED + " WHERE id = :id AND status IN " + sourcesOf(JobStatus.ERROR)))
                .setParameter("code", code)
                .setParameter("message", message)
                .setParameter("id", jobId)
                .getSingleResult()));
    }

    /**
     * Wraps the UPDATE that ends a job so that the same statement marks its sandbox as used (for
     * the idle timeout). To the second is enough there (10 s at least), which spares a sandbox
     * that runs many short jobs a row write per job.
     */
    private static String touchingItsSandbox(String endJob) {
        return "WITH ended AS (" + endJob + " RETURNING sandbox_pk), "
                + "touched AS (UPDATE sandboxes s SET last_used_at = now() FROM ended e WHERE s.pk = e.sandbox_pk "
                + "AND (s.last_used_at IS NULL OR s.last_used_at < now() - interval '1 second') RETURNING 1) "
                + "SELECT count(*) FROM ended";
    }

    private static boolean endedOne(Object count) {
        return ((Number) count).intValue() == 1;
    }

    /**
     * Ends as {@code error} the running jobs of workers whose heartbeat stopped, and returns the
     * sandboxes whose line must be restarted.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> failJobsOfLostWorkers(int heartbeatTimeoutSeconds) {
        return db.inTransaction(em -> (List<UUID>) em.createNativeQuery("UPDATE jobs j SET status = 'error', "
                        + "error_code = 'worker_lost', error_message = :message, finished_at = now(), version = j.version + 1, "
                        + VERDICT_IF_GRADED + " "
                        + "WHERE j.status = " + edge(JobStatus.RUNNING, JobStatus.ERROR)
                        + " AND NOT EXISTS (SELECT 1 FROM workers w WHERE w.id = j.worker_id"
                        + " AND w.heartbeat_at > now() - make_interval(secs => :timeout))"
                        + " AND j.started_at < now() - make_interval(secs => :timeout)"
                        + " RETURNING j.sandbox_pk", UUID.class)
                .setParameter("message", "worker lost: the worker running this job stopped responding before it "
                        + "finished; its outcome is unknown. Submit the job again.")
                .setParameter("timeout", heartbeatTimeoutSeconds)
                .getResultList());
    }

    /** Queued jobs whose message may never have reached the broker; locked until the caller commits. */
    @SuppressWarnings("unchecked")
    public List<UUID> lockUndispatched(EntityManager em, int olderThanSeconds, int limit) {
        return em.createNativeQuery("SELECT id FROM jobs WHERE status = 'queued' AND dispatched_at IS NULL "
                        + "AND created_at < now() - make_interval(secs => :age) ORDER BY created_at LIMIT :limit "
                        + "FOR UPDATE SKIP LOCKED", UUID.class)
                .setParameter("age", olderThanSeconds)
                .setParameter("limit", limit)
                .getResultList();
    }

    /**
     * Queued jobs at the head of their sandbox's line (or throw-away) whose last message is old: a
     * safety net for lines whose message was consumed while they were not yet runnable.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> lockStaleHeads(EntityManager em, int staleSeconds, int limit) {
        return em.createNativeQuery("SELECT j.id FROM jobs j WHERE j.status = 'queued' "
                        + "AND j.dispatched_at < now() - make_interval(secs => :stale) AND " + IS_HEAD_OF_ITS_SANDBOX
                        + " ORDER BY j.created_at LIMIT :limit FOR UPDATE SKIP LOCKED", UUID.class)
                .setParameter("stale", staleSeconds)
                .setParameter("limit", limit)
                .getResultList();
    }

    /** The queued job at the head of a sandbox's line, if any. */
    @SuppressWarnings("unchecked")
    public Optional<UUID> headOfSandbox(EntityManager em, UUID sandboxPk) {
        List<UUID> ids = em.createNativeQuery("SELECT j.id FROM jobs j WHERE j.sandbox_pk = :pk AND j.status = 'queued' AND "
                        + IS_HEAD_OF_ITS_SANDBOX + " ORDER BY j.seq LIMIT 1", UUID.class)
                .setParameter("pk", sandboxPk)
                .getResultList();
        return ids.stream().findFirst();
    }

    public void markDispatched(EntityManager em, List<UUID> jobIds) {
        if (!jobIds.isEmpty()) {
            em.createNativeQuery("UPDATE jobs SET dispatched_at = now() WHERE id IN (:ids)")
                    .setParameter("ids", jobIds)
                    .executeUpdate();
        }
    }

    /** Of the given jobs, those whose command must die: cancellation asked for, or ended elsewhere. */
    @SuppressWarnings("unchecked")
    public List<UUID> toBeKilled(List<UUID> jobIds) {
        return db.inTransaction(em -> (List<UUID>) em.createNativeQuery(
                        "SELECT id FROM jobs WHERE id IN (:ids) AND (cancel_requested OR status <> 'running')", UUID.class)
                .setParameter("ids", jobIds)
                .getResultList());
    }

    /** Whether the API asked for this job to be cancelled. */
    public boolean isCancelRequested(UUID jobId) {
        return db.inTransaction(em -> Boolean.TRUE.equals(em.createNativeQuery(
                        "SELECT cancel_requested FROM jobs WHERE id = :id", Boolean.class)
                .setParameter("id", jobId)
                .getSingleResult()));
    }
}
