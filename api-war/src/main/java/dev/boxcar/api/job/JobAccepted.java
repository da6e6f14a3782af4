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

    /** A job stored into the line of its live sandbox. */
    public static JobAccepted inLine(dev.boxcar.core.job.Job job, dev.boxcar.store.JobStates.LineInsert insert) {
        return new JobAccepted(job.getId(), job.getTenant(), job.getType(), insert.hostId(), insert.needsMessage());
    }
}
