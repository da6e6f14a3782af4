package dev.boxcar.core.job;

/** API.md "Job.result": what happened when an exec job ran, stored in {@code jobs.result}. */
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
        Long peakMemoryBytes) {
}
