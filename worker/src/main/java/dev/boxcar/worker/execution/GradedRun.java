package dev.boxcar.worker.execution;

import dev.boxcar.core.grading.Grading;
import dev.boxcar.core.grading.Judge;
import dev.boxcar.core.grading.TestCaseOutcome;
import dev.boxcar.core.grading.Verdict;
import dev.boxcar.core.job.ExecOutcome;
import dev.boxcar.core.job.ExecSpec;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.worker.agent.AgentException;
import dev.boxcar.worker.agent.AgentUnreachableException;
import dev.boxcar.worker.container.RunningContainer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an exec job in its container and judges it: a plain run, a graded run (one comparison),
 * or a test suite (build once, then the command once per case with the case's stdin and limit).
 */
final class GradedRun {
    /** What to store: the job's final status, its result and its verdict (null for plain jobs). */
    record Outcome(JobStatus status, ExecOutcome result, String verdict) {
    }

    private final CommandRunner runner;

    GradedRun(CommandRunner runner) {
        this.runner = runner;
    }

    Outcome run(CommandRunner.Step job, ExecSpec spec, RunningContainer container, boolean wholeContainer)
            throws AgentException {
        Grading grading = spec.grading();
        if (grading != null && grading.isSuite()) {
            return runSuite(job, spec, grading, container, wholeContainer);
        }
        CommandRunner.Ran ran = runner.run(job, spec, container, wholeContainer);
        if (ran.cancelled()) {
            return new Outcome(JobStatus.CANCELLED, ran.outcome(), null);
        }
        String verdict = grading == null ? null
                : Judge.judge(ran.facts(), grading.expectedStdout(), grading.compareOrDefault()).wireName();
        return new Outcome(ran.timedOut() ? JobStatus.TIMED_OUT : JobStatus.COMPLETED, ran.outcome(), verdict);
    }

    /**
     * A suite job whose cases ran is {@code completed} whatever their verdicts; its verdict is
     * {@code accepted} when every case is, else that of the first case that is not.
     */
    private Outcome runSuite(CommandRunner.Step job, ExecSpec spec, Grading grading, RunningContainer container,
                             boolean wholeContainer) throws AgentException {
        ExecOutcome build = null;
        CommandRunner.Ran last = null;
        if (grading.build() != null) {
            last = step(false, job.named("build"), spec.asBuild(), container, wholeContainer);
            build = last.outcome();
            if (last.cancelled()) {
                return new Outcome(JobStatus.CANCELLED, build.withSuite(build, List.of()), null);
            }
            boolean failed = last.timedOut() || build.signal() != null || build.exitCode() == null || build.exitCode() != 0;
            if (failed) {
                return new Outcome(JobStatus.COMPLETED, build.withSuite(build, List.of()),
                        Verdict.COMPILATION_ERROR.wireName());
            }
        }
        List<TestCaseOutcome> cases = new ArrayList<>();
        Verdict verdict = Verdict.ACCEPTED;
        int caseNumber = 0;
        for (Grading.TestCase testCase : grading.tests()) {
            caseNumber++;
            if (verdict != Verdict.ACCEPTED && grading.stopOnFirstFailure()) {
                cases.add(TestCaseOutcome.skipped(testCase.name()));
                continue;
            }
            CommandRunner.Ran ran = step(last != null, job.named("case-" + caseNumber), spec.forCase(testCase),
                    container, wholeContainer);
            last = ran;
            if (ran.cancelled()) {
                return new Outcome(JobStatus.CANCELLED, ran.outcome().withSuite(build, cases), null);
            }
            Verdict caseVerdict = Judge.judge(ran.facts(), testCase.expectedStdout(), grading.compareOrDefault());
            cases.add(caseOutcome(testCase.name(), caseVerdict, ran));
            if (verdict == Verdict.ACCEPTED && caseVerdict != Verdict.ACCEPTED) {
                verdict = caseVerdict;
            }
        }
        ExecOutcome lastRun = last == null ? build : last.outcome();
        return new Outcome(JobStatus.COMPLETED, lastRun.withSuite(build, cases), verdict.wireName());
    }

    /**
     * One step of a suite. Only the job's first step may report that nothing took its connection
     * ({@link AgentUnreachableException}: the caller starts the container again and runs the whole
     * job there); once a step ran, the job's steps would run twice, so it ends as an error.
     */
    private CommandRunner.Ran step(boolean earlierStepsRan, CommandRunner.Step step, ExecSpec spec,
                                   RunningContainer container, boolean wholeContainer) throws AgentException {
        try {
            return runner.run(step, spec, container, wholeContainer);
        } catch (AgentUnreachableException e) {
            if (earlierStepsRan) {
                throw new AgentException("the container's agent stopped after earlier steps of this job ran: "
                        + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static TestCaseOutcome caseOutcome(String name, Verdict verdict, CommandRunner.Ran ran) {
        ExecOutcome o = ran.outcome();
        return new TestCaseOutcome(name, verdict.wireName(), o.exitCode(), o.signal(), o.stdout(), o.stderr(),
                o.stdoutTruncated(), o.stderrTruncated(), o.durationMs(), o.oomKilled(), ran.timedOut(), o.cpuTimeMs(),
                o.peakMemoryBytes());
    }
}
