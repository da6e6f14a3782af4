package dev.boxcar.client.model;

/**
 * One test case of a test-suite job ({@code result.tests[i]}), in the order the cases were given.
 *
 * @param verdict the case's verdict; {@code skipped} after an earlier failure with {@code stopOnFirstFailure}
 */
public record TestCaseResult(String name, String verdict, Integer exitCode, String signal, String stdout, String stderr,
                             boolean stdoutTruncated, boolean stderrTruncated, Long durationMs, boolean oomKilled,
                             boolean timedOut, Long cpuTimeMs, Long peakMemoryBytes) {
}
