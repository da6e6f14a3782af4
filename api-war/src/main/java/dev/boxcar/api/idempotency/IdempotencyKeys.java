package dev.boxcar.api.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** The {@code idempotency_keys} table, written in the transaction of the request's work ({@link Idempotency}). */
@ApplicationScoped
public class IdempotencyKeys {
    static final int RETENTION_HOURS = 24;

    @PersistenceContext(unitName = "boxcar")
    EntityManager em;

    /**
     * Reserves the key for this request; empty when it was free (the caller goes ahead), else
     * what the key was used for. An entry older than 24 h is forgotten and the key reserved anew,
     * as is one left unfinished by an earlier version (which reserved keys in a transaction of
     * their own). A reservation that another transaction holds makes this one wait for its end.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<IdempotencyRecord> reserve(String tenant, String key, String requestHash) {
        em.createNativeQuery("DELETE FROM idempotency_keys WHERE tenant = :tenant AND key = :key "
                        + "AND (created_at < now() - make_interval(hours => :hours) OR status_code = 0)")
                .setParameter("tenant", tenant)
                .setParameter("key", key)
                .setParameter("hours", RETENTION_HOURS)
                .executeUpdate();
        int inserted = em.createNativeQuery("INSERT INTO idempotency_keys "
                        + "(tenant, key, request_hash, status_code, object_type, object_id, created_at) "
                        + "VALUES (:tenant, :key, :hash, 0, '', '', now()) ON CONFLICT (tenant, key) DO NOTHING")
                .setParameter("tenant", tenant)
                .setParameter("key", key)
                .setParameter("hash", requestHash)
                .executeUpdate();
        if (inserted == 1) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT request_hash, status_code, object_type, object_id "
                        + "FROM idempotency_keys WHERE tenant = :tenant AND key = :key")
                .setParameter("tenant", tenant)
                .setParameter("key", key)
                .getResultList();
        return rows.stream().findFirst().map(r -> new IdempotencyRecord(
                (String) r[0], ((Number) r[1]).intValue(), (String) r[2], (String) r[3]));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void complete(String tenant, String key, int statusCode, String objectType, String objectId) {
        em.createNativeQuery("UPDATE idempotency_keys SET status_code = :status, object_type = :type, object_id = :id "
                        + "WHERE tenant = :tenant AND key = :key")
                .setParameter("status", statusCode)
                .setParameter("type", objectType)
                .setParameter("id", objectId)
                .setParameter("tenant", tenant)
                .setParameter("key", key)
                .executeUpdate();
    }
}
