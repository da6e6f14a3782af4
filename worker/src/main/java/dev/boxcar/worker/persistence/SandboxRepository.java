package dev.boxcar.worker.persistence;

import dev.boxcar.core.sandbox.Sandbox;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads sandboxes and records what happened to their containers. */
public final class SandboxRepository {
    private final Database db;

    public SandboxRepository(Database db) {
        this.db = db;
    }

    public void markRunning(UUID pk, String containerId) {
        db.inTransactionDo(em -> em.find(Sandbox.class, pk).markRunning(containerId));
    }

    public void markFailed(UUID pk, String reason) {
        db.inTransactionDo(em -> em.find(Sandbox.class, pk).markFailed(reason));
    }

    public void markDestroyed(UUID pk) {
        db.inTransactionDo(em -> em.find(Sandbox.class, pk).markDestroyed());
    }

    /**
     * The sandbox, once the idle reaper does not hold it (it stops containers under a
     * {@code FOR UPDATE} row lock), so a job never runs into a container being stopped under it.
     * {@code KEY SHARE} is the weakest lock that waits for that one.
     */
    public Optional<Sandbox> findWhenNotBeingStopped(UUID pk) {
        return db.inTransaction(em -> {
            em.createNativeQuery("SELECT 1 FROM sandboxes WHERE pk = :pk FOR KEY SHARE")
                    .setParameter("pk", pk)
                    .getResultList();
            return Optional.ofNullable(em.find(Sandbox.class, pk));
        });
    }

    /** Running sandboxes idle past their timeout with no work queued or running, locked for the caller. */
    @SuppressWarnings("unchecked")
    public List<UUID> lockIdle(jakarta.persistence.EntityManager em, int limit) {
        return em.createNativeQuery("SELECT s.pk FROM sandboxes s WHERE s.status = 'running' "
                        + "AND s.last_used_at < now() - make_interval(secs => s.idle_timeout_seconds) "
                        + "AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.sandbox_pk = s.pk AND j.status IN ('queued', 'running')) "
                        + "AND NOT EXISTS (SELECT 1 FROM processes p WHERE p.sandbox_pk = s.pk AND p.status IN ('starting', 'running')) "
                        + "ORDER BY s.last_used_at LIMIT :limit FOR UPDATE SKIP LOCKED", UUID.class)
                .setParameter("limit", limit)
                .getResultList();
    }

    public void markStopped(jakarta.persistence.EntityManager em, UUID pk) {
        em.createNativeQuery("UPDATE sandboxes SET status = 'stopped', version = version + 1 WHERE pk = :pk")
                .setParameter("pk", pk)
                .executeUpdate();
    }
}
