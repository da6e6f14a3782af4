package dev.boxcar.worker.persistence;

import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.store.SandboxStates;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads sandboxes and records what happened to their containers, through the store's guarded
 * {@link SandboxStates}: a record that moved on (to {@code destroying}) is left as it is.
 */
public final class SandboxRepository {
    private final Database db;
    private final SandboxStates states = new SandboxStates();
    /** The Docker host this worker drives (API.md "Hosts"). */
    private final String hostId;

    public SandboxRepository(Database db, String hostId) {
        this.db = db;
        this.hostId = hostId;
    }

    public String hostId() {
        return hostId;
    }

    /**
     * Its container runs here; a sandbox not placed yet lives on this worker's host from now on.
     * False when the sandbox is no longer live (its destruction began meanwhile).
     */
    public boolean markRunning(UUID pk, String containerId) {
        return db.inTransaction(em -> states.markRunning(em, pk, containerId) && states.placeIfUnplaced(em, pk, hostId));
    }

    public boolean markFailed(UUID pk, String reason) {
        return db.inTransaction(em -> states.markFailed(em, pk, reason));
    }

    public boolean markDestroyed(UUID pk) {
        return db.inTransaction(em -> states.markDestroyed(em, pk));
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

    /** What a job needs of its sandbox when the recorded container is presumed to run. */
    public record Recorded(UUID pk, String status, String containerId) {
    }

    /**
     * The sandbox's status and recorded container, read under the same lock as
     * {@link #findWhenNotBeingStopped}, in plain JDBC: the common first step of a sandbox job,
     * where loading the whole entity cost more than the query.
     */
    public Optional<Recorded> recordWhenNotBeingStopped(UUID pk) {
        return db.inJdbcTransaction(connection -> {
            try (java.sql.PreparedStatement statement = connection.prepareStatement(
                    "SELECT status, container_id FROM sandboxes WHERE pk = ? FOR KEY SHARE")) {
                statement.setObject(1, pk);
                try (java.sql.ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(new Recorded(pk, row.getString(1), row.getString(2))) : Optional.empty();
                }
            }
        });
    }

    /** Running sandboxes idle past their timeout with no work queued or running, locked for the caller. */
    @SuppressWarnings("unchecked")
    public List<UUID> lockIdle(jakarta.persistence.EntityManager em, int limit) {
        return em.createNativeQuery("SELECT s.pk FROM sandboxes s WHERE s.status = 'running' AND (s.host_id = :host OR s.host_id IS NULL) "
                        + "AND s.last_used_at < now() - make_interval(secs => s.idle_timeout_seconds) "
                        + "AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.sandbox_pk = s.pk AND j.status IN ('queued', 'running')) "
                        + "AND NOT EXISTS (SELECT 1 FROM processes p WHERE p.sandbox_pk = s.pk AND p.status IN ('starting', 'running')) "
                        + "ORDER BY s.last_used_at LIMIT :limit FOR UPDATE SKIP LOCKED", UUID.class)
                .setParameter("host", hostId)
                .setParameter("limit", limit)
                .getResultList();
    }

    public boolean markStopped(jakarta.persistence.EntityManager em, UUID pk) {
        return states.markStopped(em, pk);
    }
}
