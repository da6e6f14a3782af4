package dev.boxcar.worker.persistence;

/**
 * The workers' heartbeats: a worker whose heartbeat is older than the timeout is presumed dead,
 * and the sweeper ends its running jobs.
 */
public final class WorkerRegistry {
    private final Database db;
    private final String workerId;

    public WorkerRegistry(Database db, String workerId) {
        this.db = db;
        this.workerId = workerId;
    }

    public void beat() {
        db.inTransactionDo(em -> em.createNativeQuery("INSERT INTO workers (id, host, pid, started_at, heartbeat_at) "
                        + "VALUES (:id, :host, :pid, now(), now()) "
                        + "ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()")
                .setParameter("id", workerId)
                .setParameter("host", hostName())
                .setParameter("pid", ProcessHandle.current().pid())
                .executeUpdate());
    }

    /** The ids of workers whose heartbeat is recent. */
    @SuppressWarnings("unchecked")
    public java.util.Set<String> liveWorkers(int heartbeatTimeoutSeconds) {
        return db.inTransaction(em -> java.util.Set.copyOf((java.util.List<String>) em.createNativeQuery(
                        "SELECT id FROM workers WHERE heartbeat_at > now() - make_interval(secs => :timeout)", String.class)
                .setParameter("timeout", heartbeatTimeoutSeconds)
                .getResultList()));
    }

    public void deregister() {
        db.inTransactionDo(em -> em.createNativeQuery("DELETE FROM workers WHERE id = :id")
                .setParameter("id", workerId)
                .executeUpdate());
    }

    /**
     * Forgets workers that have been silent for an hour (their jobs were swept long before) and
     * Idempotency-Keys past their 24 hours.
     */
    public void forgetExpired() {
        db.inTransactionDo(em -> {
            em.createNativeQuery("DELETE FROM workers WHERE heartbeat_at < now() - interval '1 hour'").executeUpdate();
            em.createNativeQuery("DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'")
                    .executeUpdate();
        });
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
