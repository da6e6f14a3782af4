package dev.boxcar.api.job;

import dev.boxcar.core.json.Timestamps;
import dev.boxcar.core.job.ExecOutcome;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobType;
import dev.boxcar.core.json.Json;
import jakarta.json.bind.annotation.JsonbTransient;

/** API.md "Job" as the API shows it. */
public record JobView(String id, String type, String sandboxId, String batchId, String status, String createdAt,
                      String startedAt, String finishedAt, ExecOutcome result, String verdict, JobError error,
                      int attempts) {

    /** {@code error}: why a job could not be run, in words a user can act on. */
    public record JobError(String code, String message) {
    }

    public static JobView of(Job job) {
        return new JobView(
                job.getId().toString(),
                job.getType(),
                job.getSandboxId(),
                job.getBatchId() == null ? null : job.getBatchId().toString(),
                job.getStatus().wireName(),
                Timestamps.format(job.getCreatedAt()),
                Timestamps.format(job.getStartedAt()),
                Timestamps.format(job.getFinishedAt()),
                job.getResult() == null || !JobType.EXEC.equals(job.getType()) ? null
                        : Json.read(job.getResult(), ExecOutcome.class),
                job.getVerdict(),
                job.getErrorCode() == null ? null : new JobError(job.getErrorCode(), job.getErrorMessage()),
                job.getAttempts());
    }

    @JsonbTransient
    public boolean isFinished() {
        return !"queued".equals(status) && !"running".equals(status);
    }
}
