package dev.boxcar.api.job;

import java.util.UUID;

/** A job was stored in the current transaction; observed after it commits, to dispatch the job. */
public record JobAccepted(UUID jobId, String tenant, String type) {
}
