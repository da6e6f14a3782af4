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
 * A count is reused for a moment ({@link RecentQueuedCounts}), with what this instance admitted
 * since added to it, and the API servers count apart: a tenant may end a few over its limit, as the
 * quota bounds what one tenant can pile up; it is not an exact count.
 */
@ApplicationScoped
public class Quotas {
    private static final int QUEUED_RETRY_AFTER_SECONDS = 5;
    private static final int SANDBOX_RETRY_AFTER_SECONDS = 30;

    @Inject
    ApiConfig config;
    @PersistenceContext(unitName = "boxcar")
    EntityManager em;

    /** Far below the limit (by {@link #FAR_MARGIN} jobs) a count is trusted this long, near or over it less. */
    private static final long TRUST_FAR_MILLIS = 1000;
    private static final long TRUST_NEAR_MILLIS = 100;
    private static final long FAR_MARGIN = 1000;

    private final RecentQueuedCounts counts = new RecentQueuedCounts(TRUST_FAR_MILLIS, TRUST_NEAR_MILLIS, FAR_MARGIN,
            System::currentTimeMillis);

    /** Room for {@code more} new queued jobs of the tenant, else 429. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireRoomForJobs(String tenant, int more) {
        long limit = config.quotaQueuedJobs(tenant);
        switch (counts.admit(tenant, limit, more, true)) {
            case ROOM -> {
                return;
            }
            case FULL -> throw overQueuedJobs(tenant, counts.lastQueued(tenant), limit);
            case COUNT_FIRST -> {
            }
        }
        long queued = countUpTo("SELECT 1 FROM jobs WHERE tenant = :tenant AND status = 'queued'", tenant, limit);
        boolean fits = queued + more <= limit;
        counts.counted(tenant, fits ? queued + more : queued);
        if (!fits) {
            throw overQueuedJobs(tenant, queued, limit);
        }
    }

    /**
     * Whether a recent count leaves room for {@code more} jobs of the tenant; if so they are added
     * to it. No query: false means "ask {@link #requireRoomForJobs}", not "no room".
     */
    public boolean roomByRecentCount(String tenant, int more) {
        // Not the one to count: that is requireRoomForJobs's, in its transaction.
        return counts.admit(tenant, config.quotaQueuedJobs(tenant), more, false) == RecentQueuedCounts.Verdict.ROOM;
    }

    private static RuntimeException overQueuedJobs(String tenant, long queued, long limit) {
        return Problems.quotaExceeded("tenant " + tenant + " has " + queued + " queued job(s) and may have at most "
                + limit + " waiting; try again when some have run", QUEUED_RETRY_AFTER_SECONDS);
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
