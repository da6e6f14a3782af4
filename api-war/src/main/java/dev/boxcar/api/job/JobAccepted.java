package dev.boxcar.api.job;

import java.util.UUID;

/**
 * A job was stored in the current transaction; observed after it commits, to count it and to
 * dispatch it. {@code host}: the Docker host of its sandbox, whose workers must run it (null: any
 * worker). {@code needsMessage}: false for a job that rides on its sandbox line's drain
 * ({@link dev.boxcar.store.JobStates#insertIntoLiveSandbox}).
 */
public record JobAccepted(UUID jobId, String tenant, String type, String host, boolean needsMessage) {
    public JobAccepted(UUID jobId, String tenant, String type, String host) {
        this(jobId, tenant, type, host, true);
    }
}
