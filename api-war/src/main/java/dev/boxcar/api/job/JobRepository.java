package dev.boxcar.api.job;

import dev.boxcar.api.paging.PageRequest;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.core.job.JobTransitions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Jobs, always looked up within a tenant: another tenant's job does not exist. */
@ApplicationScoped
public class JobRepository {
    @PersistenceContext(unitName = "boxcar")
    EntityManager em;

    public Optional<Job> find(String tenant, UUID id) {
        Job job = em.find(Job.class, id);
        return job != null && job.getTenant().equals(tenant) ? Optional.of(job) : Optional.empty();
    }

    /** A page of the tenant's jobs, newest first, optionally filtered; one extra row tells there is more. */
    public List<Job> page(String tenant, JobFilter filter, PageRequest page) {
        StringBuilder jpql = new StringBuilder("SELECT j FROM Job j WHERE j.tenant = :tenant");
        if (filter.sandboxId() != null) {
            jpql.append(" AND j.sandboxId = :sandboxId");
        }
        if (filter.status() != null) {
            jpql.append(" AND j.status = :status");
        }
        if (filter.batchId() != null) {
            jpql.append(" AND j.batchId = :batchId");
        }
        if (page.after() != null) {
            jpql.append(" AND (j.createdAt < :at OR (j.createdAt = :at AND j.id < :id))");
        }
        jpql.append(" ORDER BY j.createdAt DESC, j.id DESC");
        TypedQuery<Job> query = em.createQuery(jpql.toString(), Job.class)
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
        return query.getResultList();
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

    public void add(Job job) {
        em.persist(job);
    }


}
