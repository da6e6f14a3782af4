package dev.boxcar.api.metrics;

import dev.boxcar.api.job.JobAccepted;
import dev.boxcar.api.waiting.SseOutput;
import dev.boxcar.api.waiting.Waiters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * The API instance's meters, in Prometheus format at {@code /metrics} ({@link MetricsResource}):
 * submissions by type and tenant, open long-polls and streams, jobs in the queue by status, jobs
 * whose dispatch was left to the workers' dispatcher, and the JVM. Tenants come from
 * configuration (BOXCAR_API_TOKENS), so a tenant tag stays bounded.
 */
@ApplicationScoped
public class ApiMetrics {
    @Inject
    Waiters waiters;
    @Inject
    SseOutput streams;
    @Inject
    QueueDepth queueDepth;

    private PrometheusMeterRegistry registry;
    private JvmGcMetrics gc;
    private DistributionSummary groupJobs;
    private Timer groupStore;

    @PostConstruct
    void register() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("component", "api");
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("boxcar.longpolls.open", waiters, Waiters::size)
                .description("Long-polls (?wait=) held open on this instance").register(registry);
        Gauge.builder("boxcar.streams.open", streams, SseOutput::openStreams)
                .description("Server-Sent Event streams open on this instance").register(registry);
        queueDepth.register(registry);
        groupJobs = DistributionSummary.builder("boxcar.submissions.group.jobs")
                .description("Submissions stored together in one statement and commit").register(registry);
        groupStore = Timer.builder("boxcar.submissions.group.store")
                .description("Time to store one group of submissions").register(registry);
        dispatchLeftToWorkers(0);
    }

    /** Counted once the job is committed, so that a rolled-back submission does not count. */
    void accepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobAccepted job) {
        Counter.builder("boxcar.jobs.submitted").description("Jobs accepted by this instance, by type and tenant")
                .tag("type", job.type()).tag("tenant", job.tenant())
                .register(registry).increment();
    }

    /** A group of submissions stored in one statement ({@link dev.boxcar.api.job.SubmissionGroups}). */
    public void submissionGroupStored(int jobs, long nanos) {
        groupJobs.record(jobs);
        groupStore.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * Submissions a group did not store, which took the entity path alone: their sandbox was not
     * free to take them (missing, busy being destroyed or locked, lost), or the group was refused.
     */
    public void submissionsLeftToEntityPath(int jobs, String reason) {
        Counter.builder("boxcar.submissions.group.left").description("Submissions a group left to the entity path, by reason")
                .tag("reason", reason).register(registry).increment(jobs);
    }

    /** Jobs committed while the broker was away: the workers' dispatcher sends them (a dispatch retry). */
    public void dispatchLeftToWorkers(int jobs) {
        Counter.builder("boxcar.dispatch.retries").description("Job messages sent again, by reason")
                .tag("component", "api").tag("reason", "broker_away")
                .register(registry).increment(jobs);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        queueDepth.refresh();
        return registry.scrape();
    }

    @PreDestroy
    void close() {
        gc.close();
        registry.close();
    }
}
