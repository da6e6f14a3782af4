package dev.boxcar.api.sandbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Where a new sandbox lives (API.md "Hosts"): on the live Docker host with the least memory
 * reserved by its running and pending sandboxes in use, then the fewest sandboxes; or on the host
 * {@code BOXCAR_SANDBOX_HOST} names. Null when no worker has said which host it drives yet: the
 * first worker that starts the sandbox's container places it on its own host.
 */
@ApplicationScoped
public class Placement {
    /** A host whose workers beat within this many seconds is live. */
    static final int LIVE_SECONDS = 15;
    private static final String PINNED = System.getenv("BOXCAR_SANDBOX_HOST");
    /**
     * A sandbox reserves its memory while it is in use: one idle past its timeout is about to be
     * stopped (and a row whose container went with a host's reinstall must not weigh for ever).
     */
    private static final String RESERVING = "AND coalesce(s.last_used_at, s.created_at) "
            + "> now() - make_interval(secs => s.idle_timeout_seconds)";

    @PersistenceContext(unitName = "boxcar")
    EntityManager em;

    public String chooseHost() {
        if (PINNED != null && !PINNED.isBlank()) {
            return PINNED.trim();
        }
        @SuppressWarnings("unchecked")
        List<String> hosts = em.createNativeQuery("SELECT w.host_id FROM workers w WHERE w.host_id IS NOT NULL "
                        + "AND w.heartbeat_at > now() - make_interval(secs => :live) GROUP BY w.host_id "
                        + "ORDER BY (SELECT coalesce(sum(s.memory_mb), 0) FROM sandboxes s WHERE s.host_id = w.host_id "
                        + "AND s.status IN ('pending', 'running') " + RESERVING + "), "
                        + "(SELECT count(*) FROM sandboxes s WHERE s.host_id = w.host_id AND s.status IN "
                        + "('pending', 'running', 'stopped', 'failed')), random() LIMIT 1", String.class)
                .setParameter("live", LIVE_SECONDS)
                .getResultList();
        return hosts.isEmpty() ? null : hosts.get(0);
    }
}
