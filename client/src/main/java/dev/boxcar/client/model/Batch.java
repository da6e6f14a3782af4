package dev.boxcar.client.model;

import java.time.Instant;
import java.util.Map;

/**
 * Progress of a batch (API.md "Batches"): how many of its jobs are in each status and got each
 * verdict (every key present, 0 when none).
 *
 * @param done     true once every job of the batch finished
 * @param callback delivery state of the batch's callback, or null when it has none (a server extension)
 */
public record Batch(String id, Integer total, boolean done, Map<String, Integer> counts, Map<String, Integer> verdicts,
                    Instant createdAt, Instant finishedAt, Callback callback) {

    /** How many jobs of the batch are in {@code status} (0 when none or unknown). */
    public int count(String status) {
        return counts == null ? 0 : counts.getOrDefault(status, 0);
    }

    /** How many jobs of the batch got {@code verdict} (0 when none or unknown). */
    public int verdictCount(String verdict) {
        return verdicts == null ? 0 : verdicts.getOrDefault(verdict, 0);
    }

    /** Where the finished batch is POSTed, and how that went ({@code status}: e.g. {@code delivered}). */
    public record Callback(String url, String status, Integer attempts, String lastError) {
    }
}
