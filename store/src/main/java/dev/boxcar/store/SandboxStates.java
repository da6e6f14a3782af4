package dev.boxcar.store;

import static dev.boxcar.core.sandbox.SandboxTransitions.sourcesOf;

import dev.boxcar.core.sandbox.SandboxStatus;
import jakarta.persistence.EntityManager;
import java.util.UUID;

/**
 * Every statement that changes a sandbox's status, for the API and the workers alike: each is a
 * conditional update guarded by {@link dev.boxcar.core.sandbox.SandboxTransitions}, and says
 * whether it happened. So a container start that finishes after the sandbox was marked
 * {@code destroying} cannot mark it {@code running} again. Callers own the transaction.
 */
public final class SandboxStates {
    /** Its container runs (as {@code containerId}); false when the sandbox is being destroyed or gone. */
    public boolean markRunning(EntityManager em, UUID pk, String containerId) {
        return em.createNativeQuery("UPDATE sandboxes SET status = 'running', container_id = :container, error = NULL, "
                        + "last_used_at = now(), version = version + 1 WHERE pk = :pk AND status IN "
                        + sourcesOf(SandboxStatus.RUNNING))
                .setParameter("container", containerId)
                .setParameter("pk", pk)
                .executeUpdate() == 1;
    }

    /** Its container could not start, for {@code reason}. */
    public boolean markFailed(EntityManager em, UUID pk, String reason) {
        return em.createNativeQuery("UPDATE sandboxes SET status = 'failed', error = :error, version = version + 1 "
                        + "WHERE pk = :pk AND status IN " + sourcesOf(SandboxStatus.FAILED))
                .setParameter("error", reason)
                .setParameter("pk", pk)
                .executeUpdate() == 1;
    }

    /** Its container was stopped for idleness; files stay. */
    public boolean markStopped(EntityManager em, UUID pk) {
        return em.createNativeQuery("UPDATE sandboxes SET status = 'stopped', version = version + 1 "
                        + "WHERE pk = :pk AND status IN " + sourcesOf(SandboxStatus.STOPPED))
                .setParameter("pk", pk)
                .executeUpdate() == 1;
    }

    /** Destruction begins (the API, under the sandbox's row lock); false when it already had. */
    public boolean markDestroying(EntityManager em, UUID pk) {
        return em.createNativeQuery("UPDATE sandboxes SET status = 'destroying', version = version + 1 "
                        + "WHERE pk = :pk AND status IN " + sourcesOf(SandboxStatus.DESTROYING))
                .setParameter("pk", pk)
                .executeUpdate() == 1;
    }

    /** Its container and processes are gone; the record stays readable. */
    public boolean markDestroyed(EntityManager em, UUID pk) {
        return em.createNativeQuery("UPDATE sandboxes SET status = 'destroyed', destroyed_at = now(), container_id = NULL, "
                        + "version = version + 1 WHERE pk = :pk AND status IN " + sourcesOf(SandboxStatus.DESTROYED))
                .setParameter("pk", pk)
                .executeUpdate() == 1;
    }
}
