package dev.boxcar.worker.execution;

import dev.boxcar.core.job.ExecOutcome;
import dev.boxcar.core.job.ExecSpec;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.core.json.Json;
import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.core.sandbox.SandboxDefaults;
import dev.boxcar.core.sandbox.SandboxStatus;
import dev.boxcar.worker.agent.AgentClient;
import dev.boxcar.worker.agent.AgentException;
import dev.boxcar.worker.agent.AgentRequest;
import dev.boxcar.worker.agent.AgentResponse;
import dev.boxcar.worker.container.ContainerException;
import dev.boxcar.worker.container.ContainerLimits;
import dev.boxcar.worker.container.ContainerManager;
import dev.boxcar.worker.container.RunningContainer;
import dev.boxcar.worker.persistence.JobRepository;
import dev.boxcar.worker.persistence.SandboxRepository;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an exec job in its sandbox's container, or in a throw-away one, and stores the outcome. */
public final class ExecJobHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExecJobHandler.class);
    /** How long past the job's own timeout the agent may take to answer before it counts as lost. */
    private static final Duration AGENT_GRACE = Duration.ofSeconds(30);

    private final JobRepository jobs;
    private final SandboxRepository sandboxes;
    private final ContainerManager containers;
    private final AgentClient agent;
    private final RunningJobs running;
    private final String workerId;
    private final long maxOutputBytes;

    public ExecJobHandler(JobRepository jobs, SandboxRepository sandboxes, ContainerManager containers,
                          AgentClient agent, RunningJobs running, String workerId, long maxOutputBytes) {
        this.jobs = jobs;
        this.sandboxes = sandboxes;
        this.containers = containers;
        this.agent = agent;
        this.running = running;
        this.workerId = workerId;
        this.maxOutputBytes = maxOutputBytes;
    }

    public void run(Job job) {
        ExecSpec spec = Json.read(job.getRequest(), ExecSpec.class);
        if (job.getSandboxPk() == null) {
            runThrowaway(job, spec);
        } else {
            runInSandbox(job, spec);
        }
    }

    private void runInSandbox(Job job, ExecSpec spec) {
        sandboxes.awaitNotBeingStopped(job.getSandboxPk());
        Sandbox sandbox = sandboxes.find(job.getSandboxPk()).orElseThrow();
        if (SandboxStatus.DESTROYING.equals(sandbox.getStatus()) || SandboxStatus.DESTROYED.equals(sandbox.getStatus())) {
            jobs.fail(job.getId(), "sandbox_destroyed", "the sandbox was destroyed before this job could run");
            return;
        }
        RunningContainer container;
        try {
            container = containers.ensureSandbox(sandbox);
            if (!SandboxStatus.RUNNING.equals(sandbox.getStatus()) || !container.id().equals(sandbox.getContainerId())) {
                sandboxes.markRunning(sandbox.getPk(), container.id());
            }
        } catch (ContainerException e) {
            LOG.warn("sandbox {} could not start: {}", sandbox.getSandboxId(), e.getMessage());
            sandboxes.markFailed(sandbox.getPk(), e.getMessage());
            jobs.fail(job.getId(), "sandbox_failed", "the sandbox's container could not be started: " + e.getMessage());
            return;
        }
        execute(job, spec, container, false);
        sandboxes.touch(sandbox.getPk());
    }

    private void runThrowaway(Job job, ExecSpec spec) {
        ContainerLimits limits = new ContainerLimits(
                spec.image() == null ? SandboxDefaults.IMAGE : spec.image(), Map.of(),
                spec.memoryMb() == null ? SandboxDefaults.MEMORY_MB : spec.memoryMb(),
                spec.cpus() == null ? SandboxDefaults.CPUS : spec.cpus(),
                spec.pids() == null ? SandboxDefaults.PIDS : spec.pids(),
                "none", false);
        RunningContainer container;
        try {
            container = containers.startThrowaway(job.getId(), limits);
        } catch (ContainerException e) {
            jobs.fail(job.getId(), "container_failed", "the job's container could not be started: " + e.getMessage());
            return;
        }
        try {
            execute(job, spec, container, true);
        } finally {
            containers.remove(container);
        }
    }

    private void execute(Job job, ExecSpec spec, RunningContainer container, boolean wholeContainerIsTheJob) {
        AgentResponse.ExecResult result;
        String runId = job.getId().toString();
        running.started(job.getId(), new RunningJobs.Run(container.agentSocket(), runId));
        try {
            result = agent.call(container.agentSocket(), AgentRequest.exec(toAgentRequest(spec, runId)),
                    Duration.ofMillis(spec.timeoutMs()).plus(AGENT_GRACE)).exec();
        } catch (AgentException e) {
            if (jobs.isCancelRequested(job.getId())) {
                jobs.finish(job.getId(), workerId, JobStatus.CANCELLED, null, null);
            } else {
                jobs.fail(job.getId(), "agent_unreachable", "the command could not be run in the container: " + e.getMessage());
            }
            return;
        } finally {
            running.ended(job.getId());
        }
        ExecOutcome outcome = new ExecOutcome(
                result.exitCode(), result.signal(),
                decode(result.stdout()), decode(result.stderr()),
                result.stdoutTruncated(), result.stderrTruncated(),
                result.durationMs(), result.oomKilled(),
                wholeContainerIsTheJob ? result.cgroupCpuTimeMs() : result.cpuTimeMs(),
                wholeContainerIsTheJob ? result.cgroupPeakMemoryBytes() : result.peakMemoryBytes());
        JobStatus status = result.cancelled() ? JobStatus.CANCELLED
                : result.timedOut() ? JobStatus.TIMED_OUT : JobStatus.COMPLETED;
        if (!jobs.finish(job.getId(), workerId, status, Json.write(outcome), null)) {
            LOG.info("job was ended elsewhere (cancelled or swept) before its outcome was stored");
        }
    }

    private AgentRequest.Exec toAgentRequest(ExecSpec spec, String runId) {
        List<AgentRequest.File> files = spec.files() == null ? List.of() : spec.files().stream()
                .map(f -> new AgentRequest.File(f.path(), decodeContent(f), f.mode()))
                .toList();
        byte[] stdin = spec.stdin() == null ? null : spec.stdin().getBytes(StandardCharsets.UTF_8);
        return new AgentRequest.Exec(spec.effectiveArgv(), spec.effectiveCwd(),
                spec.env() == null ? Map.of() : spec.env(), stdin, files, spec.timeoutMs(), maxOutputBytes, runId);
    }

    private static byte[] decodeContent(ExecSpec.FileSpec file) {
        String content = file.content() == null ? "" : file.content();
        return "base64".equals(file.encoding())
                ? Base64.getMimeDecoder().decode(content)
                : content.getBytes(StandardCharsets.UTF_8);
    }

    /** Output that is not valid UTF-8 comes back with replacement characters, never an error. */
    private static String decode(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
