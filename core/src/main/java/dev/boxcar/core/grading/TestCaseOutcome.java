package dev.boxcar.core.grading;

/** One entry of {@code result.tests}: the case's name, its verdict, and how its run went. */
public record TestCaseOutcome(String name, String verdict, Integer exitCode, String signal, String stdout, String stderr,
                              boolean stdoutTruncated, boolean stderrTruncated, long durationMs, boolean oomKilled,
                              boolean timedOut, Long cpuTimeMs, Long peakMemoryBytes) {

    public static TestCaseOutcome skipped(String name) {
        return new TestCaseOutcome(name, Verdict.SKIPPED.wireName(), null, null, "", "", false, false, 0, false, false,
                null, null);
    }
}
