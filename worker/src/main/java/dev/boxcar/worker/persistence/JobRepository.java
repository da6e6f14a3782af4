package dev.boxcar.worker.persistence;

import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.store.JobStates;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's side of the jobs table: its status changes go through the store's
 * {@link JobStates} (the one writer of job state), each in a transaction of its own; the queries
 * that only find work (for the dispatcher, the sweeper, the cancel watcher) are here.
 */
public final class JobRepository {
    /** A job of the sandbox's line may start only when no earlier job of that line is still queued or running. */
    private static final String IS_HEAD_OF_ITS_SANDBOX = JobStates.isHeadOfItsSandbox("j");

    private final Database db;
    private final JobStates states = new JobStates();
    /**
     * How the jobs {@link #watchEnd watched} by this worker ended, when {@link #finish} ended them:
     * the metrics count that without reading the row back (the common path); other ends are read.
     */
    private final Map<UUID, Optional<End>> watchedEnds = new ConcurrentHashMap<>();

    /**
     * The latest jobs this worker ended itself: a job's message often arrives after the worker
     * draining its sandbox's line ran it, and such a message needs no look at the database.
     */
    private final Set<UUID> endedHere = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                    return size() > ENDED_HERE_REMEMBERED;
                }
            }));
    private static final int ENDED_HERE_REMEMBERED = 4096;

    public JobRepository(Database db) {
        this.db = db;
    }

    /** See {@link JobStates#claimFairly}. */
    public JobStates.FairClaim claimFairly(UUID jobId, String workerId, String hostId, int totalSlots) {
        return db.inJdbcTransaction(connection -> states.claimFairly(connection, jobId, workerId, hostId, totalSlots));
    }

    /** See {@link JobStates#atShareWhileOthersWait}. */
    public boolean atShareWhileOthersWait(String tenant, String hostId, int totalSlots) {
        return !states.trustsSoleTenant()
                && db.inJdbcTransaction(connection -> states.atShareWhileOthersWait(connection, tenant, hostId, totalSlots));
    }

    /** See {@link JobStates#claimNextInSandboxBeforeLeaving}. */
    public Optional<Job> claimNextInSandboxBeforeLeaving(UUID sandboxPk, String workerId, String hostId) {
        return db.inJdbcTransaction(connection -> states.claimNextInSandboxBeforeLeaving(connection, sandboxPk, workerId,
                hostId));
    }

    /** See {@link JobStates#headOfSandboxBeforeLeaving}. */
    public Optional<UUID> headOfSandboxBeforeLeaving(UUID sandboxPk) {
        return db.inJdbcTransaction(connection -> states.headOfSandboxBeforeLeaving(connection, sandboxPk));
    }

    /** See {@link JobStates#claimNextInContainer}. */
    public Optional<Job> claimNextInContainer(UUID sandboxPk, String containerId, String workerId, String hostId) {
        return db.inJdbcTransaction(connection -> states.claimNextInContainer(connection, sandboxPk, containerId, workerId,
                hostId));
    }

    /** How a job ended: its final status, verdict (null when not graded) and end time. */
    public record End(String status, String verdict, Instant finishedAt) {
    }

    /** How the job ended, or empty while it has not (a job handed to adoption, say). */
    private Optional<End> endOf(UUID jobId) {
        return db.inTransaction(em -> ((List<?>) em.createNativeQuery("SELECT status, verdict, finished_at FROM jobs "
                        + "WHERE id = :id AND finished_at IS NOT NULL").setParameter("id", jobId).getResultList())
                .stream().map(Object[].class::cast)
                .map(row -> new End((String) row[0], (String) row[1], toInstant(row[2]))).findFirst());
    }

    private static Instant toInstant(Object timestamp) {
        if (timestamp instanceof Instant instant) {
            return instant;
        }
        if (timestamp instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return timestamp instanceof java.sql.Timestamp sql ? sql.toInstant() : null;
    }

    /** Records the final outcome of a job this worker runs; false when someone else ended it first. */
    public boolean finish(UUID jobId, String workerId, JobStatus finalStatus, String resultJson, String verdict) {
        boolean ended = db.inJdbcTransaction(connection -> states.finish(connection, jobId, workerId, finalStatus,
                resultJson, verdict));
        if (ended) {
            endedHere.add(jobId);
            watchedEnds.computeIfPresent(jobId, (id, none) -> Optional.of(new End(finalStatus.wireName(), verdict, Instant.now())));
        }
        return ended;
    }

    /** True when this worker ended the job itself, lately: it is final, whatever a message says. */
    public boolean endedHere(UUID jobId) {
        return endedHere.contains(jobId);
    }

    /** Starts remembering how this worker ends the job; {@link #takeEnd} tells it and forgets. */
    public void watchEnd(UUID jobId) {
        watchedEnds.put(jobId, Optional.empty());
    }

    /** How the watched job ended: as {@link #finish} recorded it, else as the database has it (or empty while running). */
    public Optional<End> takeEnd(UUID jobId) {
        Optional<End> recorded = watchedEnds.remove(jobId);
        return recorded != null && recorded.isPresent() ? recorded : endOf(jobId);
    }

    /** Ends a job as {@code error} with a reason a user can act on, from whatever status allows it. */
    public boolean fail(UUID jobId, String code, String message) {
        return db.inTransaction(em -> states.fail(em, jobId, code, message));
    }

    /** See {@link JobStates#failUnclaimed}. */
    public boolean failUnclaimed(UUID jobId, String code, String message) {
        return db.inTransaction(em -> states.failUnclaimed(em, jobId, code, message));
    }

    /** The same for a job {@code workerId} holds: false when it was handed to another worker meanwhile. */
    public boolean failHeld(UUID jobId, String workerId, String code, String message) {
        return db.inTransaction(em -> states.failHeld(em, jobId, workerId, code, message));
    }

    /** See {@link JobStates#failAsWorkerLost}. */
    public boolean failAsWorkerLost(UUID jobId, String why) {
        return db.inTransaction(em -> states.failAsWorkerLost(em, jobId, why));
    }

    /** See {@link JobStates#orphanJobsOfLostWorkers}; the caller sends their ids after the commit. */
    public List<UUID> orphanJobsOfLostWorkers(int heartbeatTimeoutSeconds, int maxAttempts, String sweeper) {
        return db.inTransaction(em -> states.orphanJobsOfLostWorkers(em, heartbeatTimeoutSeconds, maxAttempts, sweeper));
    }

    /** See {@link JobStates#failJobsOfLostWorkers}. */
    public List<UUID> failJobsOfLostWorkers(int heartbeatTimeoutSeconds, int maxAttempts, String sweeper) {
        return db.inTransaction(em -> states.failJobsOfLostWorkers(em, heartbeatTimeoutSeconds, maxAttempts, sweeper));
    }

    /** The running jobs the database says {@code workerId} holds. */
    @SuppressWarnings("unchecked")
    public List<UUID> runningOf(String workerId) {
        return db.inTransaction(em -> (List<UUID>) em.createNativeQuery(
                        "SELECT id FROM jobs WHERE status = 'running' AND worker_id = :worker", UUID.class)
                .setParameter("worker", workerId)
                .getResultList());
    }

    /** See {@link JobStates#giveUpForAdoption}. */
    public int giveUpForAdoption(List<UUID> jobIds, String workerId) {
        return db.inTransaction(em -> states.giveUpForAdoption(em, jobIds, workerId));
    }

    public void markDispatched(EntityManager em, List<UUID> jobIds) {
        states.markDispatched(em, jobIds);
    }

    /** Orphaned jobs whose hand-over message is old (the broker lost it, or no worker took it); locked. */
    @SuppressWarnings("unchecked")
    public List<UUID> lockUnadopted(EntityManager em, int staleSeconds, int limit) {
        return em.createNativeQuery("SELECT id FROM jobs WHERE status = 'running' AND worker_id IS NULL "
                        + "AND dispatched_at < now() - make_interval(secs => :stale) LIMIT :limit FOR UPDATE SKIP LOCKED",
                        UUID.class)
                .setParameter("stale", staleSeconds)
                .setParameter("limit", limit)
                .getResultList();
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

    /** See {@link JobStates#headOfSandbox}. */
    public Optional<UUID> headOfSandbox(EntityManager em, UUID sandboxPk) {
        return states.headOfSandbox(em, sandboxPk);
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
