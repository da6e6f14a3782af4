package dev.boxcar.worker.execution;

import dev.boxcar.core.grading.RunFacts;
import dev.boxcar.core.job.ExecOutcome;
import dev.boxcar.core.job.ExecSpec;
import dev.boxcar.worker.agent.AgentClient;
import dev.boxcar.worker.agent.AgentException;
import dev.boxcar.worker.agent.AgentRequest;
import dev.boxcar.worker.agent.AgentResponse;
import dev.boxcar.worker.container.RunningContainer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One run of a command through a container's agent, registered so that it can be cancelled,
 * and converted to the API's result shape.
 */
public final class CommandRunner {
    /** How long past the run's own timeout the agent may take to answer before it counts as lost. */
    private static final Duration AGENT_GRACE = Duration.ofSeconds(30);

    private final AgentClient agent;
    private final RunningJobs running;
    private final long maxOutputBytes;
    private final OutputCap cap;

    public CommandRunner(AgentClient agent, RunningJobs running, long maxOutputBytes) {
        this.agent = agent;
        this.running = running;
        this.maxOutputBytes = maxOutputBytes;
        this.cap = new OutputCap(maxOutputBytes);
    }

    /** How a run went: the API's outcome plus what only the worker needs. */
    public record Ran(ExecOutcome outcome, boolean timedOut, boolean cancelled, boolean memoryLimitHit) {
        public RunFacts facts() {
            return new RunFacts(timedOut, outcome.oomKilled(), outcome.stdoutTruncated() || outcome.stderrTruncated(),
                    outcome.exitCode(), outcome.signal(), outcome.stdout(), memoryLimitHit);
        }
    }

    /**
     * One command of a job: the job's only one ({@code name} null), its build, or one of its test
     * cases. {@code adopted}: the job's first worker died, and may have started this step already;
     * the agent then attaches to the step's run, or says its outcome is lost, instead of running
     * it twice ({@link dev.boxcar.worker.agent.RunLostException}).
     */
    public record Step(UUID jobId, String name, boolean adopted) {
        public Step named(String stepName) {
            return new Step(jobId, stepName, adopted);
        }

        /** What the agent knows the run by: unique per step, the same for every attempt of the job. */
        String runId() {
            return name == null ? jobId.toString() : jobId + "/" + name;
        }
    }

    /**
     * Runs {@code spec} as {@code step}. {@code wholeContainerIsTheJob}: the container's cgroup
     * counters describe the job (throw-away containers), else the command's own usage. A counter the
     * cgroup does not have (cgroup v2 before Linux 5.19 has no {@code memory.peak}) falls back to the
     * command's own (its largest process's peak RSS).
     */
    public Ran run(Step step, ExecSpec spec, RunningContainer container, boolean wholeContainerIsTheJob)
            throws AgentException {
        UUID jobId = step.jobId();
        String runId = step.runId();
        running.started(jobId, new RunningJobs.Run(container.agentSocket(), runId));
        AgentResponse.ExecResult result;
        try {
            result = agent.call(container.agentSocket(), AgentRequest.exec(toAgentRequest(spec, runId, step.adopted())),
                    Duration.ofMillis(spec.timeoutMs()).plus(AGENT_GRACE)).exec();
        } finally {
            running.ended(jobId);
        }
        ExecOutcome outcome = new ExecOutcome(
                result.exitCode(), result.signal(),
                decode(cap.cut(result.stdout())), decode(cap.cut(result.stderr())),
                cap.truncated(result.stdout(), result.stdoutTruncated()),
                cap.truncated(result.stderr(), result.stderrTruncated()),
                result.durationMs(), result.oomKilled(),
                wholeContainerIsTheJob && result.cgroupCpuTimeMs() != null
                        ? result.cgroupCpuTimeMs() : result.cpuTimeMs(),
                wholeContainerIsTheJob && result.cgroupPeakMemoryBytes() != null
                        ? result.cgroupPeakMemoryBytes() : result.peakMemoryBytes(),
                null, null);
        return new Ran(outcome, result.timedOut(), result.cancelled(), result.memoryLimitHit());
    }

    /**
     * Kills whatever step of a job's command still runs in the agent at {@code socket}: for an
     * adopted job whose cancellation was asked for while it had no worker (nobody watched it).
     */
    public void cancelEveryStep(java.nio.file.Path socket, UUID jobId, ExecSpec spec) {
        List<String> steps = new java.util.ArrayList<>(java.util.Arrays.asList(null, "build"));
        int cases = spec.grading() == null || spec.grading().tests() == null ? 0 : spec.grading().tests().size();
        for (int i = 1; i <= cases; i++) {
            steps.add("case-" + i);
        }
        for (String step : steps) {
            try {
                agent.call(socket, AgentRequest.cancel(new Step(jobId, step, true).runId()), Duration.ofSeconds(5));
            } catch (AgentException e) {
                // Not running there (any more): nothing to kill.
            }
        }
    }

    private AgentRequest.Exec toAgentRequest(ExecSpec spec, String runId, boolean adopted) {
        List<AgentRequest.File> files = spec.files() == null ? List.of() : spec.files().stream()
                .map(f -> new AgentRequest.File(f.path(), decodeContent(f), f.mode()))
                .toList();
        byte[] stdin = spec.stdin() == null ? null : spec.stdin().getBytes(StandardCharsets.UTF_8);
        return new AgentRequest.Exec(spec.effectiveArgv(), spec.effectiveCwd(),
                spec.env() == null ? Map.of() : spec.env(), stdin, files, spec.timeoutMs(), maxOutputBytes, runId,
                adopted);
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
