package dev.boxcar.store;

import dev.boxcar.core.batch.Batch;
import dev.boxcar.core.batch.BatchSummary;
import dev.boxcar.core.batch.BatchSummary.Callback;
import dev.boxcar.core.grading.Verdict;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.core.json.Timestamps;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A batch's summary from its jobs' rows, one query, for the API and the workers' callbacks alike. */
public final class BatchSummaries {
    private BatchSummaries() {
    }

    public static BatchSummary load(EntityManager em, Batch batch) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT status, verdict, count(*), max(finished_at) FROM jobs "
                        + "WHERE batch_id = :id GROUP BY status, verdict")
                .setParameter("id", batch.getId())
                .getResultList();
        return summarise(batch, rows);
    }

    /** The summaries of a page of batches, in the order given, with one query for all of them. */
    public static List<BatchSummary> loadAll(EntityManager em, List<Batch> batches) {
        if (batches.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT batch_id, status, verdict, count(*), max(finished_at) "
                        + "FROM jobs WHERE batch_id IN (:ids) GROUP BY batch_id, status, verdict")
                .setParameter("ids", batches.stream().map(Batch::getId).toList())
                .getResultList();
        Map<String, List<Object[]>> byBatch = new HashMap<>();
        for (Object[] row : rows) {
            byBatch.computeIfAbsent(row[0].toString(), id -> new ArrayList<>()).add(Arrays.copyOfRange(row, 1, row.length));
        }
        return batches.stream().map(b -> summarise(b, byBatch.getOrDefault(b.getId().toString(), List.of()))).toList();
    }

    /** {@code rows}: (status, verdict, count, last finished_at) of the batch's jobs. */
    private static BatchSummary summarise(Batch batch, List<Object[]> rows) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JobStatus status : JobStatus.values()) {
            counts.put(status.wireName(), 0);
        }
        Map<String, Integer> verdicts = new LinkedHashMap<>();
        for (Verdict verdict : Verdict.values()) {
            if (verdict != Verdict.SKIPPED) {
                verdicts.put(verdict.wireName(), 0);
            }
        }
        Instant lastFinished = null;
        int unfinished = 0;
        for (Object[] row : rows) {
            String status = (String) row[0];
            int n = ((Number) row[2]).intValue();
            counts.merge(status, n, Integer::sum);
            if (row[1] != null) {
                verdicts.merge((String) row[1], n, Integer::sum);
            }
            if (!JobStatus.fromWireName(status).isFinal()) {
                unfinished += n;
            }
            Instant finished = toInstant(row[3]);
            if (finished != null && (lastFinished == null || finished.isAfter(lastFinished))) {
                lastFinished = finished;
            }
        }
        boolean done = unfinished == 0;
        Callback callback = batch.getCallbackUrl() == null ? null : new Callback(batch.getCallbackUrl(),
                batch.getCallbackStatus(), batch.getCallbackAttempts(), batch.getCallbackLastError());
        return new BatchSummary(batch.getId().toString(), batch.getTotal(), done, counts, verdicts,
                Timestamps.format(batch.getCreatedAt()), done ? Timestamps.format(lastFinished) : null, callback);
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return null;
    }
}
