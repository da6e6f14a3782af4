package dev.boxcar.api.job;

import dev.boxcar.api.json.ClientIds;
import dev.boxcar.api.problem.Problems;
import dev.boxcar.core.job.JobStatus;
import java.util.UUID;

/** The filters of {@code GET /jobs}: {@code sandboxId}, {@code status}, {@code batchId}; each optional. */
public record JobFilter(String sandboxId, JobStatus status, UUID batchId) {

    public static JobFilter of(String sandboxId, String status, String batchId) {
        return new JobFilter(
                sandboxId == null ? null : ClientIds.require(sandboxId, "sandboxId"),
                status == null ? null : parseStatus(status),
                batchId == null ? null : parseBatchId(batchId));
    }

    private static JobStatus parseStatus(String status) {
        try {
            return JobStatus.fromWireName(status);
        } catch (IllegalArgumentException e) {
            throw Problems.invalidField("status", "must be one of queued, running, completed, timed_out, cancelled, error");
        }
    }

    private static UUID parseBatchId(String batchId) {
        try {
            return UUID.fromString(batchId);
        } catch (IllegalArgumentException e) {
            throw Problems.invalidField("batchId", "is not a batch id");
        }
    }
}
