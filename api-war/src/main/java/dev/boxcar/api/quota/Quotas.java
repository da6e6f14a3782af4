package dev.boxcar.api.quota;

import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.api.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * Per-tenant quotas (API.md "Conventions", README "Limits and quotas"): a tenant over its limit of
 * queued jobs or live sandboxes gets 429 with Retry-After and nothing is created. Counted in the
 * submitting transaction, at most up to the limit (an index range, never a scan of everything).
 * Concurrent submissions of one tenant may pass the check together and end a few over the limit,
 * and far below the limit a count is reused for a second: the quota bounds what one tenant can
 * pile up, it is not an exact count.
 */
@ApplicationScoped
public class Quotas {
    private static final int QUEUED_RETRY_AFTER_SECONDS = 5;
    private static final int SANDBOX_RETRY_AFTER_SECONDS = 30;

    @Inject
    ApiConfig config;
    @PersistenceContext(unitName = "boxcar")
    EntityManager em;

    /**
     * A tenant's queued count as last counted, and when: a burst of submissions far below the limit
     * is let through on it for a moment instead of counting up to thousands of rows each time.
     */
    private record Counted(long queued, long atMillis) {
    }

    private static final long RECOUNT_AFTER_MILLIS = 1000;
    /** Below the limit by at least this much, a recent count is trusted. */
    private static final long TRUSTED_MARGIN = 1000;

    private final java.util.Map<String, Counted> lastCounts = new java.util.concurrent.ConcurrentHashMap<>();

    /** Room for {@code more} new queued jobs of the tenant, else 429. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireRoomForJobs(String tenant, int more) {
        long limit = config.quotaQueuedJobs(tenant);
        long now = System.currentTimeMillis();
        Counted last = lastCounts.get(tenant);
        if (last != null && now - last.atMillis() < RECOUNT_AFTER_MILLIS && last.queued() + more + TRUSTED_MARGIN <= limit) {
            lastCounts.put(tenant, new Counted(last.queued() + more, last.atMillis()));
            return;
        }
        long queued = countUpTo("SELECT 1 FROM jobs WHERE tenant = :tenant AND status = 'queued'", tenant, limit);
        lastCounts.put(tenant, new Counted(queued + more, now));
        if (queued + more > limit) {
            throw Problems.quotaExceeded("tenant " + tenant + " has " + queued + " queued job(s) and may have at most "
                    + limit + " waiting; try again when some have run", QUEUED_RETRY_AFTER_SECONDS);
        }
    }

    /** Room for one more sandbox of the tenant, else 429. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireRoomForSandbox(String tenant) {
        long limit = config.quotaSandboxes(tenant);
        long live = countUpTo("SELECT 1 FROM sandboxes WHERE tenant = :tenant AND status <> 'destroyed'", tenant, limit);
        if (live >= limit) {
            throw Problems.quotaExceeded("tenant " + tenant + " has " + live + " sandboxes, the most it may have; "
                    + "destroy one (DELETE /api/v1/sandboxes/{id}) first", SANDBOX_RETRY_AFTER_SECONDS);
        }
    }

    private long countUpTo(String rows, String tenant, long limit) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM (" + rows + " LIMIT :limit) counted")
                .setParameter("tenant", tenant)
                .setParameter("limit", limit + 1)
                .getSingleResult()).longValue();
    }
}
