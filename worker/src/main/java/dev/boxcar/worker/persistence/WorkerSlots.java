package dev.boxcar.worker.persistence;

/**
 * How many jobs all live workers run at once (live workers × each one's concurrency), the whole
 * that fair shares divide. Read from the heartbeats at most every few seconds.
 */
public final class WorkerSlots {
    private static final long REFRESH_MS = 5_000;

    private final Database db;
    private final int concurrencyEach;
    private final int heartbeatTimeoutSeconds;
    private volatile int total;
    private volatile long readAt;

    public WorkerSlots(Database db, int concurrencyEach, int heartbeatTimeoutSeconds) {
        this.db = db;
        this.concurrencyEach = concurrencyEach;
        this.heartbeatTimeoutSeconds = heartbeatTimeoutSeconds;
    }

    public int total() {
        long now = System.currentTimeMillis();
        if (now - readAt > REFRESH_MS) {
            long live = db.inTransaction(em -> ((Number) em.createNativeQuery(
                            "SELECT count(*) FROM workers WHERE heartbeat_at > now() - make_interval(secs => :timeout)")
                    .setParameter("timeout", heartbeatTimeoutSeconds).getSingleResult()).longValue());
            total = (int) Math.max(1, live) * concurrencyEach;
            readAt = now;
        }
        return total;
    }
}
