package dev.boxcar.api.job;

import java.util.UUID;

/**
 * A job was stored in the current transaction; observed after it commits, to dispatch the job.
 * {@code host}: the Docker host of its sandbox, whose workers must run it (null: any worker).
 */
public record JobAccepted(UUID jobId, String tenant, String type, String host) {
}
