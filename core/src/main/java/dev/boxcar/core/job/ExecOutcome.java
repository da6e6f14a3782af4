package dev.boxcar.core.job;

import dev.boxcar.core.grading.TestCaseOutcome;
import java.util.List;

/**
 * API.md "Job.result": what happened when an exec job ran, stored in {@code jobs.result}. A
 * test-suite job adds {@code build} (the build step, same shape) and {@code tests} (one entry per
 * case); both are null for other jobs.
 */
public record ExecOutcome(
        Integer exitCode,
        String signal,
        String stdout,
        String stderr,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        long durationMs,
        boolean oomKilled,
        Long cpuTimeMs,
        Long peakMemoryBytes,
        ExecOutcome build,
        List<TestCaseOutcome> tests) {

    public ExecOutcome withSuite(ExecOutcome buildStep, List<TestCaseOutcome> cases) {
        return new ExecOutcome(exitCode, signal, stdout, stderr, stdoutTruncated, stderrTruncated, durationMs, oomKilled,
                cpuTimeMs, peakMemoryBytes, buildStep, cases);
    }
}
