package dev.boxcar.worker.execution;

import dev.boxcar.core.job.ExecSpec;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.core.json.Json;
import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.core.sandbox.SandboxDefaults;
import dev.boxcar.core.sandbox.SandboxStatus;
import dev.boxcar.worker.agent.AgentException;
import dev.boxcar.worker.agent.AgentUnreachableException;
import dev.boxcar.worker.agent.RunLostException;
import dev.boxcar.worker.container.ContainerException;
import dev.boxcar.worker.container.ContainerLimits;
import dev.boxcar.worker.container.ContainerManager;
import dev.boxcar.worker.container.RunningContainer;
import dev.boxcar.worker.container.ThrowawayPool;
import dev.boxcar.worker.persistence.JobRepository;
import dev.boxcar.worker.persistence.SandboxRepository;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an exec job in its sandbox's container, or in a throw-away one, and stores the outcome. */
public final class ExecJobHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExecJobHandler.class);

    private final JobRepository jobs;
    private final ContainerManager containers;
    private final SandboxContainers sandboxContainers;
    private final ThrowawayPool pool;
    private final GradedRun graded;
    private final CommandRunner runner;
    private final String workerId;

    public ExecJobHandler(JobRepository jobs, SandboxContainers sandboxContainers, ContainerManager containers,
                          ThrowawayPool pool, CommandRunner runner, String workerId) {
        this.jobs = jobs;
        this.sandboxContainers = sandboxContainers;
        this.containers = containers;
        this.pool = pool;
        this.graded = new GradedRun(runner);
        this.runner = runner;
        this.workerId = workerId;
    }

    /**
     * Runs the job and stores its outcome. {@code known}: the container the previous job of this
     * worker's drain ran in, which the claim found still the sandbox's (no lookup needed). Returns
     * the sandbox container the job ran in when its agent answered (for the line's next job).
     */
    public Optional<RunningContainer> run(Job job, Optional<RunningContainer> known) {
        ExecSpec spec = Json.read(job.getRequest(), ExecSpec.class);
        if (job.isAdopted() && job.isCancelRequested()) {
            // Cancelled while it had no worker: what still runs of it is killed, nothing is started.
            if (job.getSandboxPk() != null) {
                containers.agentSocketOfSandbox(job.getSandboxPk())
                        .ifPresent(socket -> runner.cancelEveryStep(socket, job.getId(), spec));
            }
            jobs.finish(job.getId(), workerId, JobStatus.CANCELLED, null, null);
            return Optional.empty();
        }
        if (job.getSandboxPk() == null) {
            runThrowaway(job, spec);
            return Optional.empty();
        }
        return runInSandbox(job, spec, known);
    }

    /**
     * The container is presumed to run as recorded (no ping first); when its agent takes no
     * connection, nothing was sent, so the container is looked at, started again, and the job
     * runs there.
     */
    private Optional<RunningContainer> runInSandbox(Job job, ExecSpec spec, Optional<RunningContainer> known) {
        Optional<RunningContainer> container = job.isAdopted() || known.isEmpty()
                ? sandboxContainers.acquirePresumingTheRecord(job) : known;
        if (container.isEmpty()) {
            return Optional.empty();
        }
        // An adopted job's command may have started in the container that is gone: not run again.
        CommandRunner.Step step = new CommandRunner.Step(job.getId(), null, job.isAdopted());
        Ran ran = execute(job, spec, container.get(), step, false, !job.isAdopted());
        if (ran == Ran.UNREACHABLE) {
            LOG.info("the sandbox's agent took no connection; its container is looked at and started again");
            container = sandboxContainers.restart(job);
            ran = container.isEmpty() ? Ran.FAILED : execute(job, spec, container.get(), step, false, false);
        }
        return ran == Ran.ANSWERED ? container : Optional.empty();
    }

    /**
     * Throw-away jobs have no state: an adopted one runs again from scratch in a new container
     * (its first container goes with its dead worker's other throw-aways). A job that allows it
     * ({@code reuseContainer}) may get a container an earlier such job of its tenant and batch ran in, reset
     * by its agent, and gives its own back when its command ran to an answer; else it is removed.
     */
    private void runThrowaway(Job job, ExecSpec spec) {
        ContainerLimits limits = new ContainerLimits(
                spec.image() == null ? SandboxDefaults.IMAGE : spec.image(), Map.of(),
                spec.memoryMb() == null ? SandboxDefaults.MEMORY_MB : spec.memoryMb(),
                spec.cpus() == null ? SandboxDefaults.CPUS : spec.cpus(),
                spec.pids() == null ? SandboxDefaults.PIDS : spec.pids(),
                "none", false);
        boolean mayReuse = spec.mayReuseContainer();
        ThrowawayPool.Taken taken = pool.take(job.getTenant(), job.getBatchId(), limits, mayReuse);
        if (taken == null && (taken = newContainer(job, limits, mayReuse)) == null) {
            return;
        }
        Ran ran = runInThrowaway(job, spec, taken);
        if (ran == Ran.UNREACHABLE) {
            // A used container died while it waited (nothing was sent): the job gets a new one.
            LOG.info("a reused throw-away container took no connection; the job runs in a new one");
            containers.remove(taken.container());
            if ((taken = newContainer(job, limits, mayReuse)) == null) {
                return;
            }
            ran = runInThrowaway(job, spec, taken);
        }
        pool.release(job.getTenant(), job.getBatchId(), limits, taken, mayReuse && ran == Ran.ANSWERED);
    }

    /** A new throw-away container for the job, or null when it could not be started (the job then failed). */
    private ThrowawayPool.Taken newContainer(Job job, ContainerLimits limits, boolean resettable) {
        try {
            return new ThrowawayPool.Taken(containers.startThrowaway(job.getId(), limits, "job", resettable), 0);
        } catch (ContainerException e) {
            jobs.failHeld(job.getId(), workerId, "container_failed", "the job's container could not be started: " + e.getMessage());
            return null;
        }
    }

    /**
     * Runs the job in a throw-away container; only a used one may answer {@link Ran#UNREACHABLE}
     * (a fresh one that takes no connection fails the job). The caller gives the container back.
     */
    private Ran runInThrowaway(Job job, ExecSpec spec, ThrowawayPool.Taken taken) {
        try {
            return execute(job, spec, taken.container(), new CommandRunner.Step(job.getId(), null, false),
                    taken.fresh(), !taken.fresh());
        } catch (RuntimeException e) {
            containers.remove(taken.container());
            throw e;
        }
    }

    /** How a run through the agent went, for what the container is good for next. */
    private enum Ran {
        /** The agent answered; the job's outcome is stored. */
        ANSWERED,
        /** The job ended as an error (stored). */
        FAILED,
        /** Nothing took the connection and nothing was stored: the job may run again elsewhere. */
        UNREACHABLE
    }

    /** {@code countersAreTheJobs}: the container's cgroup counted nothing before this job. */
    private Ran execute(Job job, ExecSpec spec, RunningContainer container, CommandRunner.Step step,
                        boolean countersAreTheJobs, boolean mayRetry) {
        GradedRun.Outcome outcome;
        try {
            outcome = graded.run(step, spec, container, countersAreTheJobs);
        } catch (AgentUnreachableException e) {
            if (mayRetry && !jobs.isCancelRequested(job.getId())) {
                return Ran.UNREACHABLE;
            }
            return failed(job, e);
        } catch (RunLostException e) {
            jobs.failAsWorkerLost(job.getId(), "the sandbox kept no record of its command's end (" + e.getMessage() + ")");
            return Ran.FAILED;
        } catch (AgentException e) {
            return failed(job, e);
        }
        if (!jobs.finish(job.getId(), workerId, outcome.status(), Json.write(outcome.result()), outcome.verdict())) {
            LOG.info("job was ended elsewhere (cancelled or swept) before its outcome was stored");
        }
        return Ran.ANSWERED;
    }

    private Ran failed(Job job, AgentException e) {
        if (jobs.isCancelRequested(job.getId())) {
            jobs.finish(job.getId(), workerId, JobStatus.CANCELLED, null, null);
        } else {
            jobs.failHeld(job.getId(), workerId, "agent_unreachable", "the command could not be run in the container: " + e.getMessage());
        }
        return Ran.FAILED;
    }
}
