package dev.boxcar.worker.persistence;

/**
 * The workers' heartbeats: a worker whose heartbeat is older than the timeout is presumed dead,
 * and the sweeper ends its running jobs.
 */
public final class WorkerRegistry {
    private final Database db;
    private final String workerId;
    private final String hostId;
    /** When this worker's heartbeats last had a gap (none stored for a while): its start, at first. */
    private volatile long gapEndedAt = System.nanoTime();
    private volatile long lastBeatAt = System.nanoTime();
    private final long gapNanos;
    /** Where this worker accepts preview connections (host:port), once its relay listens. */
    private volatile String relayAddress;

    /** {@code heartbeatSeconds}: the interval of {@link #beat}; twice that without one is a gap. */
    public WorkerRegistry(Database db, String workerId, String hostId, int heartbeatSeconds) {
        this.db = db;
        this.workerId = workerId;
        this.hostId = hostId;
        this.gapNanos = java.time.Duration.ofSeconds(heartbeatSeconds * 2L).toNanos();
    }

    /**
     * How long this worker's heartbeats have been stored without a gap. After a gap (the database
     * was away, or slow to hand out a connection) every worker's heartbeat may look stale for a
     * while, though all are alive: no worker may be declared lost until the others had time to beat.
     */
    public java.time.Duration steadyFor() {
        long now = System.nanoTime();
        if (now - lastBeatAt > gapNanos) {
            return java.time.Duration.ZERO;
        }
        return java.time.Duration.ofNanos(now - gapEndedAt);
    }

    /** From now on the API may send preview connections for this host's sandboxes to {@code address}. */
    public void advertiseRelay(String address) {
        relayAddress = address;
        store();
    }

    public void beat() {
        store();
        long now = System.nanoTime();
        if (now - lastBeatAt > gapNanos) {
            gapEndedAt = now;
        }
        lastBeatAt = now;
    }

    private void store() {
        db.inTransactionDo(em -> {
            em.createNativeQuery("INSERT INTO workers (id, host, pid, started_at, heartbeat_at, relay_address, host_id) "
                            + "VALUES (:id, :host, :pid, now(), now(), nullif(:relay, ''), :hostId) "
                            + "ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), relay_address = EXCLUDED.relay_address")
                    .setParameter("id", workerId)
                    .setParameter("relay", relayAddress == null ? "" : relayAddress)
                    .setParameter("hostId", hostId)
                    .setParameter("host", hostName())
                    .setParameter("pid", ProcessHandle.current().pid())
                    .executeUpdate();
            // The host's own record outlives its workers' rows: host loss is measured from it.
            em.createNativeQuery("INSERT INTO docker_hosts (id, last_seen_at) VALUES (:hostId, now()) "
                            + "ON CONFLICT (id) DO UPDATE SET last_seen_at = now()")
                    .setParameter("hostId", hostId)
                    .executeUpdate();
        });
    }

    /** The ids of workers whose heartbeat is recent (this one always counts). */
    @SuppressWarnings("unchecked")
    public java.util.Set<String> liveWorkers(int heartbeatTimeoutSeconds) {
        return db.inTransaction(em -> java.util.Set.copyOf((java.util.List<String>) em.createNativeQuery(
                        "SELECT id FROM workers WHERE heartbeat_at > now() - make_interval(secs => :timeout)", String.class)
                .setParameter("timeout", heartbeatTimeoutSeconds)
                .getResultList()));
    }

    public String workerId() {
        return workerId;
    }

    public String hostId() {
        return hostId;
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
