package dev.boxcar.client.model;

import jakarta.json.bind.annotation.JsonbTransient;
import java.time.Instant;

/**
 * One unit of work of the server (API.md "Job"): an exec, a process start or kill, a sandbox
 * destruction, a file write or read.
 *
 * @param type     {@code exec}, {@code process.start}, {@code process.kill}, {@code sandbox.destroy},
 *                 {@code file.write} or {@code file.read}
 * @param status   {@code queued}, {@code running}, {@code completed}, {@code timed_out}, {@code cancelled}
 *                 or {@code error}
 * @param result   what the command did; null until it ran, and for jobs other than exec
 * @param verdict  for graded jobs: {@code accepted}, {@code wrong_answer}, {@code time_limit_exceeded}, ...
 * @param error    why the job could not be run, else null
 * @param attempts how many times a worker took the job up
 */
public record Job(String id, String type, String sandboxId, String batchId, String status, Instant createdAt,
                  Instant startedAt, Instant finishedAt, JobResult result, String verdict, JobError error,
                  Integer attempts) {

    /** True once the job will not change any more (every status but {@code queued} and {@code running}). */
    @JsonbTransient
    public boolean isFinished() {
        return status != null && !"queued".equals(status) && !"running".equals(status);
    }

    /** Why a job could not be run: a code and words a user can act on. */
    public record JobError(String code, String message) {
    }
}
