package dev.boxcar.api.job;

import dev.boxcar.api.waiting.SseOutput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /jobs/{id}/stream}: an exec job's output as Server-Sent Events while it runs (from the
 * live copy the workers keep in {@code job_live_output}), then the rest from its result and an
 * {@code end} event with the final status.
 */
@ApplicationScoped
public class JobOutputStreamer {
    private static final byte[] NOTHING = new byte[0];

    @Inject
    JobStore store;
    @Inject
    LiveOutput live;
    @Inject
    SseOutput output;

    public void stream(String tenant, UUID jobId, SseEventSink sink, Sse sse) {
        output.stream(tenant, sink, sse, () -> {
            JobView job = store.view(tenant, jobId);
            byte[][] streams = job.isFinished() ? finalOutput(job) : live.of(jobId);
            String end = job.isFinished() ? Json.createObjectBuilder().add("status", job.status()).build().toString() : null;
            return new SseOutput.Snapshot(streams[0], streams[0].length, streams[1], streams[1].length, end);
        });
    }

    private static byte[][] finalOutput(JobView job) {
        if (job.result() == null) {
            return new byte[][] {NOTHING, NOTHING};
        }
        return new byte[][] {job.result().stdout().getBytes(StandardCharsets.UTF_8),
                job.result().stderr().getBytes(StandardCharsets.UTF_8)};
    }

    /** The live copy of a running job's output (job_live_output); empty until a worker made one. */
    @ApplicationScoped
    public static class LiveOutput {
        @PersistenceContext(unitName = "boxcar")
        EntityManager em;

        @Transactional
        public byte[][] of(UUID jobId) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT stdout, stderr FROM job_live_output WHERE job_id = :id")
                    .setParameter("id", jobId)
                    .getResultList();
            return rows.isEmpty() ? new byte[][] {NOTHING, NOTHING}
                    : new byte[][] {(byte[]) rows.get(0)[0], (byte[]) rows.get(0)[1]};
        }
    }
}
