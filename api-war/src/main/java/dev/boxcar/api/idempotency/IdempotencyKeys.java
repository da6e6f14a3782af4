package dev.boxcar.api.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** The {@code idempotency_keys} table; each method commits on its own, apart from the request's work. */
@ApplicationScoped
public class IdempotencyKeys {
    static final int RETENTION_HOURS = 24;

    @PersistenceContext(unitName = "boxcar")
    EntityManager em;

    /**
     * Reserves the key for this request; empty when it was free (the caller goes ahead), else
     * what the key was used for. An entry older than 24 h is forgotten and the key reserved anew.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<IdempotencyRecord> reserve(String tenant, String key, String requestHash) {
        em.createNativeQuery("DELETE FROM idempotency_keys WHERE tenant = :tenant AND key = :key "
                        + "AND created_at < now() - make_interval(hours => :hours)")
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

    @Transactional(Transactional.TxType.REQUIRES_NEW)
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

    /** Only successful answers are remembered: a failed first attempt frees the key. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String tenant, String key) {
        em.createNativeQuery("DELETE FROM idempotency_keys WHERE tenant = :tenant AND key = :key AND status_code = 0")
                .setParameter("tenant", tenant)
                .setParameter("key", key)
                .executeUpdate();
    }
}
