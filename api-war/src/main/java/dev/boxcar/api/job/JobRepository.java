package dev.boxcar.api.job;

import dev.boxcar.api.paging.PageRequest;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.store.JobStates;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Jobs, always looked up within a tenant: another tenant's job does not exist. */
@ApplicationScoped
public class JobRepository {
    @Inject
    Event<JobAccepted> accepted;
    @PersistenceContext(unitName = "boxcar")
    EntityManager em;
    /** The persistence unit's data source: within a transaction, its connection is the entity manager's. */
    @Resource(lookup = "java:jboss/datasources/BoxcarDS")
    DataSource dataSource;
    /** Every change of a job's status goes through the store, as the workers' do. */
    private final JobStates states = new JobStates();

    public Optional<Job> find(String tenant, UUID id) {
        Job job = em.find(Job.class, id);
        return job != null && job.getTenant().equals(tenant) ? Optional.of(job) : Optional.empty();
    }

    /**
     * {@link #find} in plain JDBC, outside any transaction: what a long-poll reads when a job it
     * waits for has ended, once per job, where a JTA transaction and an entity cost more than the
     * query. Detached, for reading only.
     */
    public Optional<Job> findNow(String tenant, UUID id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT * FROM jobs WHERE id = ? AND tenant = ?")) {
            query.setObject(1, id);
            query.setString(2, tenant);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(Job.ofRow(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not read job " + id + ": " + e.getMessage(), e);
        }
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

    /** See {@link JobStates#cancel}. */
    public boolean cancel(UUID id) {
        return states.cancel(em, id);
    }

    public void cancelAllOfSandbox(UUID sandboxPk) {
        states.cancelAllOfSandbox(em, sandboxPk);
    }

    public void cancelAllOfBatch(UUID batchId) {
        states.cancelAllOfBatch(em, batchId);
    }

    /** See {@link JobStates#markDispatched}. */
    public void markDispatched(List<UUID> ids) {
        states.markDispatched(em, ids);
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
    /**
     * {@link #add} in plain JDBC, on the transaction's connection, for a job of a live sandbox
     * ({@link JobStates#insertIntoLiveSandbox}: the sandbox is found, locked against destruction,
     * and the job inserted). Empty when there is no such sandbox, or it is being
     * destroyed or lost: the entity path handles those. Only a job at the head of its sandbox's
     * line is sent to the workers: one behind queued or running work rides on that line's drain,
     * which spares the broker, the workers and the database a message per job under load.
     */
    public Optional<Job> insertIntoLiveSandbox(Job job) {
        Optional<JobStates.LineInsert> done;
        try (Connection connection = dataSource.getConnection()) {
            done = states.insertIntoLiveSandbox(connection, job);
        } catch (SQLException e) {
            throw new PersistenceException("could not store job " + job.getId() + ": " + e.getMessage(), e);
        }
        if (done.isEmpty() || !done.get().inserted()) {
            return Optional.empty();
        }
        accepted.fire(JobAccepted.inLine(job, done.get()));
        return Optional.of(job.placedIn(done.get().sandboxPk()));
    }

    public void add(Job job) {
        em.persist(job);
        // The sandbox was loaded by this transaction already: no query.
        Sandbox sandbox = job.getSandboxPk() == null ? null : em.find(Sandbox.class, job.getSandboxPk());
        accepted.fire(new JobAccepted(job.getId(), job.getTenant(), job.getType(),
                sandbox == null ? null : sandbox.getHostId()));
    }


}
