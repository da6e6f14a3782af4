package dev.boxcar.api.sandbox;

import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.core.sandbox.SandboxConfig;
import dev.boxcar.core.sandbox.SandboxStatus;
import jakarta.enterprise.context.ApplicationScoped;
import dev.boxcar.api.paging.NewestFirst;
import dev.boxcar.api.paging.PageRequest;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** Sandboxes by (tenant, client id); callers run inside a transaction. */
@ApplicationScoped
public class SandboxRepository {
    @PersistenceContext(unitName = "boxcar")
    EntityManager em;
    @jakarta.inject.Inject
    Placement placement;

    /** The sandbox that is not destroyed under this tenant and id. */
    public Optional<Sandbox> findLive(String tenant, String sandboxId) {
        return findLive(tenant, sandboxId, LockModeType.NONE);
    }

    /**
     * For a new job: the same, locked {@code FOR KEY SHARE} until the transaction ends. That lock
     * conflicts only with destruction's exclusive lock, so no job slips into a sandbox being
     * destroyed, while the workers' updates of the row (status, last use) never wait for
     * submissions nor submissions for them.
     */
    public Optional<Sandbox> findLiveForNewJob(String tenant, String sandboxId) {
        return findLiveLocked(tenant, sandboxId, "FOR KEY SHARE");
    }

    /**
     * The live sandbox, locked {@code FOR UPDATE} until the transaction ends: the lock that a
     * submission's {@code FOR KEY SHARE} waits for, so no job slips into a sandbox whose
     * destruction is beginning. (JPA's {@code PESSIMISTIC_WRITE} is {@code FOR NO KEY UPDATE} on
     * PostgreSQL, which does not hold off {@code KEY SHARE}.)
     */
    public Optional<Sandbox> findLiveForDestruction(String tenant, String sandboxId) {
        return findLiveLocked(tenant, sandboxId, "FOR UPDATE");
    }

    @SuppressWarnings("unchecked")
    private Optional<Sandbox> findLiveLocked(String tenant, String sandboxId, String lock) {
        List<Sandbox> found = em.createNativeQuery("SELECT * FROM sandboxes WHERE tenant = :tenant "
                        + "AND sandbox_id = :id AND status <> 'destroyed' " + lock, Sandbox.class)
                .setParameter("tenant", tenant)
                .setParameter("id", sandboxId)
                .getResultList();
        return found.stream().findFirst();
    }

    /** The same, row-locked with {@code lock} until the transaction ends (a preview's ports). */
    public Optional<Sandbox> findLive(String tenant, String sandboxId, LockModeType lock) {
        return em.createQuery("SELECT s FROM Sandbox s WHERE s.tenant = :tenant AND s.sandboxId = :id "
                        + "AND s.status <> :destroyed", Sandbox.class)
                .setParameter("tenant", tenant)
                .setParameter("id", sandboxId)
                .setParameter("destroyed", SandboxStatus.DESTROYED)
                .setLockMode(lock)
                .getResultStream()
                .findFirst();
    }

    public Optional<Sandbox> findNewest(String tenant, String sandboxId) {
        return em.createQuery("SELECT s FROM Sandbox s WHERE s.tenant = :tenant AND s.sandboxId = :id "
                        + "ORDER BY s.createdAt DESC", Sandbox.class)
                .setParameter("tenant", tenant)
                .setParameter("id", sandboxId)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    /**
     * Serialises creators of the same (tenant, id) until the transaction ends, so two concurrent
     * first requests create one sandbox, not a constraint violation.
     */
    public void lockName(String tenant, String sandboxId) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", "sandbox/" + tenant + "/" + sandboxId)
                .getSingleResult();
    }

    /** A page of the tenant's sandboxes, newest first; one row more than the limit tells there is more. */
    public List<Sandbox> page(String tenant, PageRequest page) {
        return NewestFirst.rows(em, Sandbox.class, "pk", "tenant", tenant, page);
    }

    public Sandbox create(String tenant, String sandboxId, SandboxConfig config) {
        Sandbox sandbox = new Sandbox(tenant, sandboxId, config);
        sandbox.placeOn(placement.chooseHost());
        em.persist(sandbox);
        return sandbox;
    }
}
