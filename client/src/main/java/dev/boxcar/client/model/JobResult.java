package dev.boxcar.client.model;

import java.util.List;

/**
 * What a command did ({@code Job.result}). For a test-suite job, {@code build} is the build step
 * (same shape, null when there was none) and {@code tests} has one entry per test case; the
 * top-level fields then describe the last run executed.
 *
 * @param exitCode        null when a signal ended the command ({@code signal} names it)
 * @param signal          e.g. {@code SIGKILL}, or null
 * @param cpuTimeMs       null where the server could not measure it
 * @param peakMemoryBytes null where the server could not measure it
 */
public record JobResult(Integer exitCode, String signal, String stdout, String stderr, boolean stdoutTruncated,
                        boolean stderrTruncated, Long durationMs, boolean oomKilled, Long cpuTimeMs,
                        Long peakMemoryBytes, JobResult build, List<TestCaseResult> tests) {
}
