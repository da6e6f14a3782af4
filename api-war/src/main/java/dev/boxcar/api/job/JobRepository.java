package dev.boxcar.api.job;

import dev.boxcar.api.paging.PageRequest;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.core.job.JobTransitions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Jobs, always looked up within a tenant: another tenant's job does not exist. */
@ApplicationScoped
public class JobRepository {
    @Inject
    Event<JobAccepted> accepted;
    @PersistenceContext(unitName = "boxcar")
    EntityManager em;

    public Optional<Job> find(String tenant, UUID id) {
        Job job = em.find(Job.class, id);
        return job != null && job.getTenant().equals(tenant) ? Optional.of(job) : Optional.empty();
    }

    /**
     * The rows of one page and whether more follow. A page holds at most {@code limit} jobs and at
     * most {@link #PAGE_RESULT_BYTES} of results (at least one job): 500 jobs with megabytes of
     * output each must not be loaded at once, so a page of large results ends early, with a cursor.
     */
    public record Slice(List<Job> shown, boolean more) {
    }

    /** Results per page, in characters of their JSON. */
    public static final long PAGE_RESULT_BYTES = 8L << 20;

    /** A page of the tenant's jobs, newest first, optionally filtered. */
    public Slice page(String tenant, JobFilter filter, PageRequest page) {
        StringBuilder where = new StringBuilder(" FROM Job j WHERE j.tenant = :tenant");
        if (filter.sandboxId() != null) {
            where.append(" AND j.sandboxId = :sandboxId");
        }
        if (filter.status() != null) {
            where.append(" AND j.status = :status");
        }
        if (filter.batchId() != null) {
            where.append(" AND j.batchId = :batchId");
        }
        if (page.after() != null) {
            where.append(" AND (j.createdAt < :at OR (j.createdAt = :at AND j.id < :id))");
        }
        where.append(" ORDER BY j.createdAt DESC, j.id DESC");
        TypedQuery<Object[]> query = em.createQuery("SELECT j.id, coalesce(length(j.result), 0)" + where, Object[].class)
                .setParameter("tenant", tenant)
                .setMaxResults(page.limit() + 1);
        if (filter.sandboxId() != null) {
            query.setParameter("sandboxId", filter.sandboxId());
        }
        if (filter.status() != null) {
            query.setParameter("status", filter.status());
        }
        if (filter.batchId() != null) {
            query.setParameter("batchId", filter.batchId());
        }
        if (page.after() != null) {
            query.setParameter("at", page.after().createdAt()).setParameter("id", page.after().id());
        }
        return load(query.getResultList(), page.limit());
    }

    /**
     * Loads, in the given order, the jobs of {@code idsAndSizes} (id, result length) that fit a
     * page of {@code limit} within the result budget.
     */
    public Slice load(List<Object[]> idsAndSizes, int limit) {
        List<UUID> ids = new java.util.ArrayList<>();
        long bytes = 0;
        for (Object[] row : idsAndSizes) {
            long size = ((Number) row[1]).longValue();
            if (ids.size() == limit || (!ids.isEmpty() && bytes + size > PAGE_RESULT_BYTES)) {
                break;
            }
            ids.add((UUID) row[0]);
            bytes += size;
        }
        boolean more = idsAndSizes.size() > ids.size();
        if (ids.isEmpty()) {
            return new Slice(List.of(), false);
        }
        java.util.Map<UUID, Job> byId = new java.util.HashMap<>();
        em.createQuery("SELECT j FROM Job j WHERE j.id IN :ids", Job.class).setParameter("ids", ids).getResultList()
                .forEach(job -> byId.put(job.getId(), job));
        return new Slice(ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList(), more);
    }

    /**
     * Cancels a job: a queued one becomes {@code cancelled} at once and never runs; a running one
     * is flagged, and the worker running it kills its process tree and records {@code cancelled}
     * (so the sandbox's next job starts only after the tree is gone). False when it had finished.
     */
    public boolean cancel(UUID id) {
        int queued = em.createNativeQuery("UPDATE jobs SET status = 'cancelled', cancel_requested = true, "
                        + "finished_at = now(), version = version + 1 WHERE id = :id AND status = "
                        + JobTransitions.edge(JobStatus.QUEUED, JobStatus.CANCELLED))
                .setParameter("id", id)
                .executeUpdate();
        return queued == 1 || em.createNativeQuery("UPDATE jobs SET cancel_requested = true WHERE id = :id AND status = "
                        + JobTransitions.edge(JobStatus.RUNNING, JobStatus.CANCELLED))
                .setParameter("id", id)
                .executeUpdate() == 1;
    }

    /** Cancels every unfinished job of a sandbox (it is being destroyed), as {@link #cancel} does. */
    public void cancelAllOfSandbox(UUID sandboxPk) {
        cancelAllWhere("sandbox_pk", sandboxPk);
    }

    /** Cancels every unfinished job of a batch, as {@link #cancel} does. */
    public void cancelAllOfBatch(UUID batchId) {
        cancelAllWhere("batch_id", batchId);
    }

    private void cancelAllWhere(String column, UUID value) {
        em.createNativeQuery("UPDATE jobs SET status = 'cancelled', cancel_requested = true, finished_at = now(), "
                        + "version = version + 1 WHERE " + column + " = :value AND status = "
                        + JobTransitions.edge(JobStatus.QUEUED, JobStatus.CANCELLED))
                .setParameter("value", value)
                .executeUpdate();
        em.createNativeQuery("UPDATE jobs SET cancel_requested = true WHERE " + column + " = :value AND status = "
                        + JobTransitions.edge(JobStatus.RUNNING, JobStatus.CANCELLED))
                .setParameter("value", value)
                .executeUpdate();
    }

    /**
     * Records that these jobs' messages reached the broker, so the dispatcher leaves them alone.
     * Rows another transaction holds (a cancellation, a claim) are skipped rather than waited for:
     * the marks touch many rows in no particular order and would otherwise deadlock with other
     * multi-row updates. A skipped job is only sent once more by the dispatcher, a no-op.
     */
    public void markDispatched(List<UUID> ids) {
        em.createNativeQuery("UPDATE jobs SET dispatched_at = now() WHERE id IN (SELECT id FROM jobs "
                        + "WHERE id IN (:ids) AND dispatched_at IS NULL FOR UPDATE SKIP LOCKED)")
                .setParameter("ids", ids)
                .executeUpdate();
    }

    /** Re-reads a job after SQL updates, bypassing what the persistence context holds. */
    public Optional<Job> reload(String tenant, UUID id) {
        Job cached = em.find(Job.class, id);
        if (cached != null) {
            em.refresh(cached);
        }
        return find(tenant, id);
    }

    /**
     * Stores a new job and announces it ({@link JobAccepted}): once the transaction commits, the
     * {@link dev.boxcar.api.messaging.Outbox} sends its id to the workers. Every job the API
     * creates passes here, so no call site has to remember the dispatch.
     */
    public void add(Job job) {
        em.persist(job);
        accepted.fire(new JobAccepted(job.getId()));
    }


}
