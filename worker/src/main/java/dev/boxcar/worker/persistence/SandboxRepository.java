package dev.boxcar.worker.persistence;

import dev.boxcar.core.sandbox.Sandbox;
import java.util.Optional;
import java.util.UUID;

/** Reads sandboxes and records what happened to their containers. */
public final class SandboxRepository {
    private final Database db;

    public SandboxRepository(Database db) {
        this.db = db;
    }

    public Optional<Sandbox> find(UUID pk) {
        return db.inTransaction(em -> Optional.ofNullable(em.find(Sandbox.class, pk)));
    }

    public void markRunning(UUID pk, String containerId) {
        db.inTransactionDo(em -> em.find(Sandbox.class, pk).markRunning(containerId));
    }

    public void markFailed(UUID pk, String reason) {
        db.inTransactionDo(em -> em.find(Sandbox.class, pk).markFailed(reason));
    }

    public void touch(UUID pk) {
        db.inTransactionDo(em -> em.createNativeQuery("UPDATE sandboxes SET last_used_at = now() WHERE pk = :pk")
                .setParameter("pk", pk)
                .executeUpdate());
    }
}
