package dev.boxcar.core.job;

import dev.boxcar.core.json.Json;

/**
 * The JMS contract between the API (and the dispatcher) and the workers: a small JSON text
 * message with the job id and a schema version, never the job itself. PostgreSQL holds the job.
 */
public record JobMessage(int v, String jobId) {
    public static final int VERSION = 1;
    /** The queue (Artemis anycast address) that carries jobs to the workers. */
    public static final String QUEUE = "boxcar.jobs";
    /**
     * The message property naming the Docker host whose workers must run a sandbox's job (API.md
     * "Hosts"); absent for throw-away jobs and unplaced sandboxes, which any worker may run.
     */
    public static final String HOST_PROPERTY = "boxcarHost";
    /**
     * A message for a host lives this long: a host gone for good leaves no message in the queue
     * for ever (its jobs end {@code host_lost} long before, and PostgreSQL holds every job).
     */
    public static final long HOST_MESSAGE_TTL_MILLIS = 3_600_000;

    /** The consumer selector of a worker of {@code hostId}: its host's messages, and everybody's. */
    public static String selectorFor(String hostId) {
        if (!hostId.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("a host id must match [A-Za-z0-9._-]{1,128}: " + hostId);
        }
        return HOST_PROPERTY + " IS NULL OR " + HOST_PROPERTY + " = '" + hostId + "'";
    }

    public static JobMessage of(java.util.UUID jobId) {
        return new JobMessage(VERSION, jobId.toString());
    }

    public String toJson() {
        return Json.write(this);
    }

    public static JobMessage fromJson(String text) {
        JobMessage message = Json.read(text, JobMessage.class);
        if (message == null || message.jobId() == null) {
            throw new IllegalArgumentException("job message without jobId: " + text);
        }
        if (message.v() != VERSION) {
            throw new IllegalArgumentException("unsupported job message version " + message.v());
        }
        return message;
    }
}
