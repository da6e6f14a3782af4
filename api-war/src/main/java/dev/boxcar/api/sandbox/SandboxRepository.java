package dev.boxcar.api.sandbox;

import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.core.sandbox.SandboxConfig;
import dev.boxcar.core.sandbox.SandboxStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** Sandboxes by (tenant, client id); callers run inside a transaction. */
@ApplicationScoped
public class SandboxRepository {
    @PersistenceContext(unitName = "boxcar")
    EntityManager em;

    /** The sandbox that is not destroyed under this tenant and id. */
    public Optional<Sandbox> findLive(String tenant, String sandboxId) {
        return em.createQuery("SELECT s FROM Sandbox s WHERE s.tenant = :tenant AND s.sandboxId = :id "
                        + "AND s.status <> :destroyed", Sandbox.class)
                .setParameter("tenant", tenant)
                .setParameter("id", sandboxId)
                .setParameter("destroyed", SandboxStatus.DESTROYED)
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

    public Sandbox create(String tenant, String sandboxId, SandboxConfig config) {
        Sandbox sandbox = new Sandbox(tenant, sandboxId, config);
        em.persist(sandbox);
        return sandbox;
    }
}
