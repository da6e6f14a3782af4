package dev.boxcar.core.batch;

import java.util.Map;

/**
 * API.md's Batch: progress and verdict counts, every key always present. The API shows it and the
 * worker POSTs it to the callback URL; both load it with the store's {@code BatchSummaries}.
 */
public record BatchSummary(String id, int total, boolean done, Map<String, Integer> counts,
                           Map<String, Integer> verdicts, String createdAt, String finishedAt, Callback callback) {

    /** Delivery state of the callback (an extension of API.md); null when the batch has none. */
    public record Callback(String url, String status, int attempts, String lastError) {
    }
}
