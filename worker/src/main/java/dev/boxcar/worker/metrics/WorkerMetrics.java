package dev.boxcar.worker.metrics;

import dev.boxcar.core.job.Job;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * What a worker counts and times, on Micrometer's global registry (which {@link MetricsServer}
 * exposes in Prometheus format). A façade of static calls so that the classes that do the work
 * need no registry handed through their constructors. Tag values are bounded: job types, statuses
 * and verdicts are fixed sets, and tenants come from configuration (BOXCAR_API_TOKENS).
 */
public final class WorkerMetrics {
    /**
     * Histogram buckets from 5 ms to 10 min (agent calls take milliseconds, graded runs seconds,
     * queue waits minutes): a fixed dozen or so per series rather than Micrometer's ~70.
     */
    private static final Duration[] BUCKETS = Stream.of(5L, 10L, 25L, 50L, 100L, 250L, 500L, 1_000L, 2_500L, 5_000L,
            10_000L, 30_000L, 60_000L, 300_000L, 600_000L).map(Duration::ofMillis).toArray(Duration[]::new);

    private WorkerMetrics() {
    }

    /** Series that should read 0 rather than be absent until their first event (rates and alerts need them). */
    static void registerRareSeries() {
        for (String reason : new String[] {"lost_worker", "line_after_lost_worker", "undispatched", "stale_line_head", "unadopted"}) {
            redispatched(reason, 0);
        }
        for (String outcome : new String[] {"delivered", "retrying", "failed"}) {
            Metrics.counter("boxcar.callbacks", "outcome", outcome);
        }
    }

    /** A claimed job: counted, and its time in the queue (not for adopted jobs: they were running). */
    public static void started(Job job) {
        Counter.builder("boxcar.jobs.started").description("Jobs a worker took up, by type")
                .tag("type", job.getType()).tag("adopted", Boolean.toString(job.isAdopted()))
                .register(Metrics.globalRegistry).increment();
        if (job.isAdopted()) {
            Metrics.counter("boxcar.job.adoptions", "type", job.getType()).increment();
        } else if (job.getStartedAt() != null && job.getCreatedAt() != null) {
            histogram("boxcar.job.queue.wait", "Time from submission to a worker taking the job up", "type", job.getType())
                    .record(Duration.between(job.getCreatedAt(), job.getStartedAt()));
        }
    }

    /** A job this worker ended, with its final status and verdict ("none" when not graded). */
    public static void finished(Job job, String status, String verdict, Instant finishedAt) {
        Counter.builder("boxcar.jobs.finished").description("Jobs ended by a worker, by type, status and verdict")
                .tag("type", job.getType()).tag("status", status).tag("verdict", verdict == null ? "none" : verdict)
                .register(Metrics.globalRegistry).increment();
        Counter.builder("boxcar.tenant.jobs.finished").description("Jobs ended by a worker, by tenant and status")
                .tag("tenant", job.getTenant()).tag("status", status)
                .register(Metrics.globalRegistry).increment();
        if (job.getStartedAt() != null && finishedAt != null) {
            histogram("boxcar.job.run", "Time from a worker taking the job up to its end", "type", job.getType(),
                    "status", status).record(Duration.between(job.getStartedAt(), finishedAt));
        }
    }

    /** A container started (created or restarted) and its agent answering, or the attempt failing. */
    public static void containerStarted(String kind, boolean ok, Duration took) {
        histogram("boxcar.container.start", "Container start until its agent answers", "kind", kind,
                "outcome", ok ? "ok" : "failed").record(took);
    }

    /** A throw-away container's reset after a job: {@code reusable}, or the container is removed. */
    public static void throwawayReset(boolean reusable) {
        Metrics.counter("boxcar.throwaway.resets", "outcome", reusable ? "reusable" : "removed").increment();
    }

    /** One request to a container's agent; {@code op} is the agent operation (exec, ping, file.read...). */
    public static void agentCall(String op, String outcome, Duration took) {
        histogram("boxcar.agent.call", "Requests to the in-container agent", "op", op, "outcome", outcome).record(took);
    }

    /** Job messages a worker sent again: orphans of lost workers, lost dispatches, stalled sandbox lines. */
    public static void redispatched(String reason, int count) {
        Counter.builder("boxcar.dispatch.retries").description("Job messages sent again, by reason")
                .tag("component", "worker").tag("reason", reason)
                .register(Metrics.globalRegistry).increment(count);
    }

    /** A batch callback attempt: delivered, retrying, or given up (failed). */
    public static void callback(String outcome) {
        Metrics.counter("boxcar.callbacks", "outcome", outcome).increment();
    }

    private static Timer histogram(String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .register(Metrics.globalRegistry);
    }
}
