package dev.boxcar.client.model;

/**
 * The filters of {@code GET /jobs}; a null field does not filter. {@code JobFilter.any().sandboxId("s1").status("queued")}.
 */
public record JobFilter(String sandboxId, String status, String batchId) {

    /** Every job of the tenant. */
    public static JobFilter any() {
        return new JobFilter(null, null, null);
    }

    public JobFilter sandboxId(String sandboxId) {
        return new JobFilter(sandboxId, status, batchId);
    }

    /** {@code queued}, {@code running}, {@code completed}, {@code timed_out}, {@code cancelled} or {@code error}. */
    public JobFilter status(String status) {
        return new JobFilter(sandboxId, status, batchId);
    }

    public JobFilter batchId(String batchId) {
        return new JobFilter(sandboxId, status, batchId);
    }
}
