package dev.boxcar.worker.persistence;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The ports sandboxes expose (API.md "Ports"), as the preview relay looks them up. */
public final class PortRepository {
    private final Database db;

    public PortRepository(Database db) {
        this.db = db;
    }

    /** Where a preview token leads: a port of a running sandbox. */
    public record Target(UUID sandboxPk, int port) {
    }

    /**
     * The port behind {@code token}, while it is exposed and its sandbox runs; a preview connection
     * counts as use of the sandbox, so it is not stopped for idleness while someone browses it.
     */
    public Optional<Target> openAndTouch(String token) {
        return db.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT p.sandbox_pk, p.port FROM sandbox_ports p "
                            + "JOIN sandboxes s ON s.pk = p.sandbox_pk WHERE p.token = :token AND s.status = 'running'")
                    .setParameter("token", token)
                    .getResultList();
            if (rows.isEmpty()) {
                return Optional.<Target>empty();
            }
            Target target = new Target((UUID) rows.get(0)[0], ((Number) rows.get(0)[1]).intValue());
            em.createNativeQuery("UPDATE sandboxes SET last_used_at = now() WHERE pk = :pk")
                    .setParameter("pk", target.sandboxPk())
                    .executeUpdate();
            return Optional.of(target);
        });
    }
}
