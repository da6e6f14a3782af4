package dev.boxcar.store;

import static dev.boxcar.core.sandbox.SandboxTransitions.sourcesOf;

import dev.boxcar.core.sandbox.SandboxStatus;
import jakarta.persistence.EntityManager;
import java.util.List;
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
        return move(em, pk, SandboxStatus.RUNNING, "container_id = :value, error = NULL, last_used_at = now()", containerId);
    }

    /** Its container could not start, for {@code reason}; its ports close. */
    public boolean markFailed(EntityManager em, UUID pk, String reason) {
        return closingPorts(em, pk, move(em, pk, SandboxStatus.FAILED, "error = :value", reason));
    }

    /** Its container was stopped for idleness; files stay, its ports close (API.md "Ports"). */
    public boolean markStopped(EntityManager em, UUID pk) {
        return closingPorts(em, pk, move(em, pk, SandboxStatus.STOPPED, null, null));
    }

    /** Destruction begins (the API, under the sandbox's row lock); false when it already had. Its ports close. */
    public boolean markDestroying(EntityManager em, UUID pk) {
        return closingPorts(em, pk, move(em, pk, SandboxStatus.DESTROYING, null, null));
    }

    /** Its container and processes are gone; the record stays readable. */
    public boolean markDestroyed(EntityManager em, UUID pk) {
        return closingPorts(em, pk, move(em, pk, SandboxStatus.DESTROYED, "destroyed_at = now(), container_id = NULL", null));
    }

    /**
     * The sandboxes of a lost Docker host (API.md "Hosts") that were not destroyed: {@code lost},
     * their ports closed. Returns their primary keys.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> markLost(EntityManager em, String hostId) {
        List<UUID> lost = em.createNativeQuery("UPDATE sandboxes SET status = 'lost', version = version + 1, "
                        + "error = :why WHERE host_id = :host AND status IN " + sourcesOf(SandboxStatus.LOST)
                        + " RETURNING pk", UUID.class)
                .setParameter("host", hostId)
                .setParameter("why", "its Docker host " + hostId + " stopped answering; its files are gone unless the "
                        + "host comes back. The next job recreates the sandbox, empty, on a live host.")
                .getResultList();
        if (!lost.isEmpty()) {
            em.createNativeQuery("DELETE FROM sandbox_ports WHERE sandbox_pk IN (:pks)").setParameter("pks", lost)
                    .executeUpdate();
        }
        return lost;
    }

    /** Places a sandbox that has no host yet on {@code hostId}; always true (a placed one stays where it is). */
    public boolean placeIfUnplaced(EntityManager em, UUID pk, String hostId) {
        em.createNativeQuery("UPDATE sandboxes SET host_id = :host WHERE pk = :pk AND host_id IS NULL")
                .setParameter("host", hostId)
                .setParameter("pk", pk)
                .executeUpdate();
        return true;
    }

    /** A host that came back takes back its sandboxes still {@code lost}: stopped, files as they were. */
    public int reclaim(EntityManager em, String hostId) {
        return em.createNativeQuery("UPDATE sandboxes SET status = 'stopped', error = NULL, version = version + 1 "
                        + "WHERE host_id = :host AND status = 'lost'")
                .setParameter("host", hostId)
                .executeUpdate();
    }

    /** A lost sandbox's next job places it on {@code hostId} (null: the first worker's host), to start empty. */
    public boolean recreateLost(EntityManager em, UUID pk, String hostId) {
        return em.createNativeQuery("UPDATE sandboxes SET status = 'pending', host_id = nullif(:host, ''), container_id = NULL, "
                        + "error = NULL, version = version + 1 WHERE pk = :pk AND status = 'lost'")
                .setParameter("host", hostId == null ? "" : hostId)
                .setParameter("pk", pk)
                .executeUpdate() == 1;
    }

    /** A sandbox whose container no longer runs exposes no port: its preview URLs answer 404 from now on. */
    private static boolean closingPorts(EntityManager em, UUID pk, boolean moved) {
        if (moved) {
            em.createNativeQuery("DELETE FROM sandbox_ports WHERE sandbox_pk = :pk").setParameter("pk", pk).executeUpdate();
        }
        return moved;
    }

    /** One guarded move to {@code target}, setting {@code alsoSet} too (with {@code value} as {@code :value}). */
    private static boolean move(EntityManager em, UUID pk, String target, String alsoSet, String value) {
        var update = em.createNativeQuery("UPDATE sandboxes SET status = :target, version = version + 1"
                        + (alsoSet == null ? "" : ", " + alsoSet) + " WHERE pk = :pk AND status IN " + sourcesOf(target))
                .setParameter("target", target)
                .setParameter("pk", pk);
        if (alsoSet != null && alsoSet.contains(":value")) {
            update.setParameter("value", value);
        }
        return update.executeUpdate() == 1;
    }
}
