package dev.boxcar.worker.execution;

import dev.boxcar.worker.agent.AgentClient;
import dev.boxcar.worker.agent.AgentException;
import dev.boxcar.worker.agent.AgentRequest;
import dev.boxcar.worker.agent.AgentResponse;
import dev.boxcar.worker.persistence.Database;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * About once a second, copies the output of this worker's running exec jobs into
 * {@code job_live_output}, so that {@code GET /jobs/{id}/stream} can show it while the job runs.
 * Writes only when the output grew; the row goes when the job ends.
 */
public final class LiveOutputRecorder implements Runnable {
    private final RunningJobs running;
    private final AgentClient agent;
    private final Database db;
    private final Map<UUID, Integer> recordedLength = new ConcurrentHashMap<>();

    private final OutputCap cap;

    public LiveOutputRecorder(RunningJobs running, AgentClient agent, Database db, OutputCap cap) {
        this.cap = cap;
        this.running = running;
        this.agent = agent;
        this.db = db;
    }

    @Override
    public void run() {
        for (UUID jobId : running.ids()) {
            RunningJobs.Run run = running.get(jobId);
            if (run == null) {
                continue;
            }
            try {
                AgentResponse.Peek peek = agent.call(run.agentSocket(), AgentRequest.peek(run.runId()),
                        Duration.ofSeconds(5)).peek();
                byte[] out = cap.cut(peek.stdout());
                byte[] err = cap.cut(peek.stderr());
                int length = out.length + err.length;
                if (length > recordedLength.getOrDefault(jobId, 0)) {
                    store(jobId, out, err);
                    recordedLength.put(jobId, length);
                }
            } catch (AgentException endedMeanwhile) {
                // The run finished between listing and peeking: its result has the output.
            }
        }
        recordedLength.keySet().removeIf(id -> running.get(id) == null && forget(id));
    }

    private void store(UUID jobId, byte[] out, byte[] err) {
        db.inTransactionDo(em -> em.createNativeQuery("INSERT INTO job_live_output (job_id, stdout, stderr, updated_at) "
                        + "VALUES (:id, :out, :err, now()) ON CONFLICT (job_id) DO UPDATE "
                        + "SET stdout = excluded.stdout, stderr = excluded.stderr, updated_at = now()")
                .setParameter("id", jobId)
                .setParameter("out", out)
                .setParameter("err", err)
                .executeUpdate());
    }

    private boolean forget(UUID jobId) {
        db.inTransactionDo(em -> em.createNativeQuery("DELETE FROM job_live_output WHERE job_id = :id")
                .setParameter("id", jobId)
                .executeUpdate());
        return true;
    }
}
