package dev.boxcar.core.grading;

import java.util.List;

/**
 * How an exec job is judged. Graded job: {@code expectedStdout} (no tests). Test-suite job:
 * {@code tests}, with an optional {@code build} run once first.
 */
public record Grading(String expectedStdout, String compare, String build, List<TestCase> tests,
                      boolean stopOnFirstFailure) {

    public static final String TRIM = "trim";
    public static final String EXACT = "exact";

    public boolean isSuite() {
        return tests != null;
    }

    public String compareOrDefault() {
        return compare == null ? TRIM : compare;
    }

    /** One case of a suite: the command runs with this stdin and limit, and is judged against this output. */
    public record TestCase(String name, String stdin, String expectedStdout, Long timeoutMs) {
    }
}
