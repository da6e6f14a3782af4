package dev.boxcar.api.job;

import dev.boxcar.api.waiting.SseOutput;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /jobs/{id}/stream}: an exec job's output as Server-Sent Events while it runs
 * ({@code stdout} / {@code stderr} events from the live copy the workers keep), then the rest from
 * its result and one {@code end} event with the final status.
 */
@ApplicationScoped
public class JobOutputStreamer {
    private static final long POLL_MILLIS = 500;

    @Inject
    JobStore store;
    @Inject
    LiveOutput live;
    @Resource
    ManagedExecutorService executor;

    public void stream(String tenant, UUID jobId, SseEventSink sink, Sse sse) {
        executor.execute(() -> {
            long stdoutSent = 0;
            long stderrSent = 0;
            try (sink) {
                while (!sink.isClosed()) {
                    JobView job = store.view(tenant, jobId);
                    byte[][] output = job.isFinished() ? finalOutput(job) : live.of(jobId);
                    if (output != null) {
                        stdoutSent = SseOutput.sendNew(sink, sse, "stdout", output[0], output[0].length, stdoutSent);
                        stderrSent = SseOutput.sendNew(sink, sse, "stderr", output[1], output[1].length, stderrSent);
                    }
                    if (job.isFinished()) {
                        sink.send(sse.newEventBuilder().name("end").mediaType(MediaType.APPLICATION_JSON_TYPE)
                                .data(String.class, Json.createObjectBuilder().add("status", job.status()).build().toString())
                                .build());
                        return;
                    }
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException clientGone) {
                // The client closed the stream: nothing more to send.
            }
        });
    }

    private static byte[][] finalOutput(JobView job) {
        if (job.result() == null) {
            return null;
        }
        return new byte[][] {job.result().stdout().getBytes(StandardCharsets.UTF_8),
                job.result().stderr().getBytes(StandardCharsets.UTF_8)};
    }

    /** The live copy of a running job's output (job_live_output), if a worker made one yet. */
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
            return rows.isEmpty() ? null : new byte[][] {(byte[]) rows.get(0)[0], (byte[]) rows.get(0)[1]};
        }
    }
}
