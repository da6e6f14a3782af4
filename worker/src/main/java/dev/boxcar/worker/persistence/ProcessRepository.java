package dev.boxcar.worker.persistence;

import dev.boxcar.core.process.SandboxProcess;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;

/** Process records as the worker keeps them true: started, refreshed from the agent, ended. */
public final class ProcessRepository {
    private static final String LIVE = "('starting', 'running')";

    private final Database db;

    public ProcessRepository(Database db) {
        this.db = db;
    }

    public SandboxProcess find(UUID id) {
        return db.inTransaction(em -> em.find(SandboxProcess.class, id));
    }

    public void markRunning(UUID id, int pid) {
        db.inTransactionDo(em -> em.createNativeQuery("UPDATE processes SET status = 'running', pid = :pid, "
                        + "started_at = now(), refreshed_at = now(), version = version + 1 WHERE id = :id AND status = 'starting'")
                .setParameter("pid", pid)
                .setParameter("id", id)
                .executeUpdate());
    }

    /** Ends a process that is still live in its record, with a reason a user can read. */
    public void end(EntityManager em, UUID id, String status, Integer exitCode, String signal, String error) {
        em.createNativeQuery("UPDATE processes SET status = :status, exit_code = :exit, signal = :signal, "
                        + "error = coalesce(:error, error), ended_at = now(), refreshed_at = now(), version = version + 1 "
                        + "WHERE id = :id AND status IN " + LIVE)
                .setParameter("status", status)
                .setParameter("exit", exitCode)
                .setParameter("signal", signal)
                .setParameter("error", error)
                .setParameter("id", id)
                .executeUpdate();
    }

    public void end(UUID id, String status, Integer exitCode, String signal, String error) {
        db.inTransactionDo(em -> end(em, id, status, exitCode, signal, error));
    }

    /** Ends every live process of a sandbox (its container was destroyed or lost). */
    public void endAllOfSandbox(UUID sandboxPk, String status, String reason) {
        db.inTransactionDo(em -> em.createNativeQuery("UPDATE processes SET status = :status, error = :error, "
                        + "ended_at = now(), refreshed_at = now(), version = version + 1 "
                        + "WHERE sandbox_pk = :pk AND status IN " + LIVE)
                .setParameter("status", status)
                .setParameter("error", reason)
                .setParameter("pk", sandboxPk)
                .executeUpdate());
    }

    public void storeLogs(EntityManager em, UUID id, byte[] stdout, byte[] stderr, long stdoutTotal, long stderrTotal) {
        em.createNativeQuery("UPDATE processes SET stdout = :out, stderr = :err, stdout_total = :outTotal, "
                        + "stderr_total = :errTotal, stdout_truncated = :outCut, stderr_truncated = :errCut, "
                        + "refreshed_at = now() WHERE id = :id")
                .setParameter("out", stdout)
                .setParameter("err", stderr)
                .setParameter("outTotal", stdoutTotal)
                .setParameter("errTotal", stderrTotal)
                .setParameter("outCut", stdoutTotal > stdout.length)
                .setParameter("errCut", stderrTotal > stderr.length)
                .setParameter("id", id)
                .executeUpdate();
    }

    /**
     * Sandboxes with live processes, locked so that one worker at a time refreshes each. Sandboxes
     * being destroyed are left to their destroy job, which ends their processes with that reason:
     * a refresh that saw the container go away would call it a mere stop.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> sandboxesWithLiveProcesses(EntityManager em, String hostId, int limit) {
        // Only the host's own sandboxes: their agents are reachable from here, and only its
        // Docker engine can tell whether their containers run. Random order: with more
        // candidates than the limit, every sandbox still gets its turn.
        return em.createNativeQuery("SELECT s.pk FROM sandboxes s WHERE s.status NOT IN ('destroying', 'destroyed', 'lost') "
                        + "AND (s.host_id = :host OR s.host_id IS NULL) "
                        + "AND EXISTS (SELECT 1 FROM processes p WHERE p.sandbox_pk = s.pk AND p.status = 'running') "
                        + "ORDER BY random() LIMIT :limit", UUID.class)
                .setParameter("host", hostId)
                .setParameter("limit", limit)
                .getResultList();
    }

    /**
     * Locks one sandbox for its refresh until the transaction ends; false when another worker is
     * refreshing it, or it is being destroyed (its destroy job ends its processes).
     */
    public boolean lockForRefresh(EntityManager em, UUID sandboxPk) {
        return !em.createNativeQuery("SELECT s.pk FROM sandboxes s WHERE s.pk = :pk "
                        + "AND s.status NOT IN ('destroying', 'destroyed') FOR UPDATE SKIP LOCKED", UUID.class)
                .setParameter("pk", sandboxPk)
                .getResultList().isEmpty();
    }

    @SuppressWarnings("unchecked")
    public List<SandboxProcess> running(EntityManager em, UUID sandboxPk) {
        return em.createQuery("SELECT p FROM SandboxProcess p WHERE p.sandboxPk = :pk AND p.status = 'running'",
                        SandboxProcess.class)
                .setParameter("pk", sandboxPk)
                .getResultList();
    }
}
