package dev.boxcar.worker.execution;

import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobType;
import dev.boxcar.store.JobStates;
import dev.boxcar.worker.container.RunningContainer;
import dev.boxcar.worker.metrics.WorkerMetrics;
import dev.boxcar.worker.persistence.JobRepository;
import dev.boxcar.worker.persistence.WorkerSlots;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the job a message names, if this worker can claim it, then drains the rest of that
 * sandbox's line in order. A message for a job that is not claimable (already taken, finished,
 * or waiting behind an earlier job of its sandbox) is simply done: the database, not the broker's
 * delivery order, decides what runs.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final JobRepository jobs;
    private final ExecJobHandler exec;
    private final SandboxDestroyHandler destroy;
    private final ProcessJobHandler processes;
    private final FileJobHandler files;
    private final String workerId;
    /** The Docker host this worker drives: it runs throw-away jobs and the jobs of this host's sandboxes. */
    private final String hostId;
    private final WorkerSlots slots;
    /** The jobs this worker is running now, whatever their type (see {@link dev.boxcar.worker.maintenance.LostTrackCheck}). */
    private final Set<UUID> inHand = ConcurrentHashMap.newKeySet();
    /** One 10 MiB request at a time besides small ones: what the 192 MiB heap allows with room to spare. */
    private final RequestMemoryBudget memory = new RequestMemoryBudget(12L << 20);

    public JobRunner(JobRepository jobs, ExecJobHandler exec, SandboxDestroyHandler destroy, ProcessJobHandler processes,
                     FileJobHandler files, String workerId, String hostId, WorkerSlots slots) {
        this.slots = slots;
        this.jobs = jobs;
        this.exec = exec;
        this.destroy = destroy;
        this.processes = processes;
        this.files = files;
        this.workerId = workerId;
        this.hostId = hostId;
    }

    /**
     * What a delivery led to: whether a job ran (else the message was a no-op), and the queued jobs
     * that gave their turn to another tenant's and need their message sent again.
     */
    public record Handled(boolean ran, List<UUID> sendAgain) {
    }

    /**
     * Handles one delivery; returns once every outcome is persisted, so the caller may acknowledge
     * (and send again what {@link Handled#sendAgain} names, in the same transaction). The claim is
     * fair ({@link JobRepository#claimFairly}): a tenant at its share of the worker slots yields to
     * another tenant's waiting job.
     */
    public Handled handle(UUID jobId, boolean redelivered) {
        if (!redelivered && jobs.endedHere(jobId)) {
            // The worker draining its sandbox's line (this one) ran it already. A redelivery is
            // looked at: its first delivery's drain may have ended in a failure.
            return new Handled(false, List.of());
        }
        JobStates.FairClaim claim = jobs.claimFairly(jobId, workerId, hostId, slots.total());
        List<UUID> sendAgain = new ArrayList<>(claim.sendAgain().stream().toList());
        if (claim.job().isEmpty()) {
            // The job ended; its line may hold jobs that came without a message of their own.
            boolean ran = claim.ended().map(line -> drainLine(line.sandboxPk(), line.tenant(), Optional.empty(), sendAgain))
                    .orElse(false);
            LOG.debug("job {} not claimable here; acknowledged", jobId);
            return new Handled(ran, sendAgain);
        }
        Job job = claim.job().get();
        Optional<RunningContainer> container = run(job, Optional.empty());
        if (job.getSandboxPk() != null) {
            drainLine(job.getSandboxPk(), job.getTenant(), container, sendAgain);
        }
        return new Handled(true, sendAgain);
    }

    /**
     * Runs the rest of the sandbox's line in order, until it is empty or its tenant holds its fair
     * share while another tenant waits: then the line's head gets a message again and the slot
     * goes to the queue. Most jobs of a busy line come without a message of their own
     * ({@link JobStates#insertIntoLiveSandbox}): the line is left only once a claim that waits for the
     * submissions in flight found it empty. Returns whether a job ran.
     */
    private boolean drainLine(UUID sandboxPk, String tenant, Optional<RunningContainer> lastContainer,
                              List<UUID> sendAgain) {
        Optional<RunningContainer> container = lastContainer;
        boolean ran = false;
        while (true) {
            if (jobs.atShareWhileOthersWait(tenant, hostId, slots.total())) {
                // Read as the line is left: a job riding on this drain gets its message here.
                jobs.headOfSandboxBeforeLeaving(sandboxPk).ifPresent(sendAgain::add);
                return ran;
            }
            // Usually the line's next job runs in the container the last one ran in: the claim
            // checks that the sandbox still runs it, which spares the job a sandbox lookup.
            Optional<Job> next = container.flatMap(c -> jobs.claimNextInContainer(sandboxPk, c.id(), workerId, hostId));
            if (next.isEmpty()) {
                container = Optional.empty();
                next = jobs.claimNextInSandboxBeforeLeaving(sandboxPk, workerId, hostId);
            }
            if (next.isEmpty()) {
                return ran;
            }
            container = run(next.get(), container);
            ran = true;
        }
    }

    /** Counts how the job ended (as the handler's finish recorded it; failures and cancels are read back). */
    private void countEnd(Job job) {
        try {
            jobs.takeEnd(job.getId()).ifPresent(end -> WorkerMetrics.finished(job, end.status(), end.verdict(), end.finishedAt()));
        } catch (RuntimeException e) {
            LOG.debug("could not read how job {} ended for the metrics: {}", job.getId(), e.getMessage());
        }
    }

    /** The ids of the jobs this worker runs at this moment. */
    public Set<UUID> inHand() {
        return Set.copyOf(inHand);
    }

    /** Returns the sandbox container an exec job ran in, when its agent answered (else empty). */
    private Optional<RunningContainer> run(Job job, Optional<RunningContainer> knownContainer) {
        Optional<RunningContainer> ranIn = Optional.empty();
        MDC.put("jobId", job.getId().toString());
        MDC.put("tenant", job.getTenant());
        if (job.getSandboxId() != null) {
            MDC.put("sandboxId", job.getSandboxId());
        }
        inHand.add(job.getId());
        jobs.watchEnd(job.getId());
        WorkerMetrics.started(job);
        int reserved = 0;
        try {
            reserved = memory.acquire(job.getRequest() == null ? 0 : job.getRequest().length());
            LOG.info("running {} job", job.getType());
            switch (job.getType()) {
                case JobType.EXEC -> ranIn = exec.run(job, knownContainer);
                case JobType.SANDBOX_DESTROY -> destroy.run(job);
                case JobType.PROCESS_START -> processes.start(job);
                case JobType.PROCESS_KILL -> processes.kill(job);
                case JobType.FILE_WRITE -> files.write(job);
                case JobType.FILE_READ -> files.read(job);
                default -> jobs.failHeld(job.getId(), workerId, "unsupported", "job type " + job.getType()
                        + " is not supported by this worker version");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (OutOfMemoryError e) {
            // The job goes, the consumer thread stays: it would otherwise die and leave the job running.
            LOG.error("job ran the worker out of memory", e);
            jobs.failHeld(job.getId(), workerId, "internal", "the worker ran out of memory running this job");
        } catch (RuntimeException e) {
            LOG.error("job failed unexpectedly", e);
            jobs.failHeld(job.getId(), workerId, "internal", "the worker hit an internal error running this job: " + e.getMessage());
        } finally {
            memory.release(reserved);
            inHand.remove(job.getId());
            countEnd(job);
            MDC.remove("jobId");
            MDC.remove("tenant");
            MDC.remove("sandboxId");
        }
        return ranIn;
    }
}
