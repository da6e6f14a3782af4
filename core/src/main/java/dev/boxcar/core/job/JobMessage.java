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
