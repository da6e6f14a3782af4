package dev.boxcar.client.model;

/**
 * One case of a test-suite job: the command runs once per case with the case's stdin, and its
 * stdout is compared with {@code expectedStdout}. A null {@code timeoutMs} takes the job's.
 */
public record TestCase(String name, String stdin, String expectedStdout, Long timeoutMs) {

    public static TestCase of(String name, String stdin, String expectedStdout) {
        return new TestCase(name, stdin, expectedStdout, null);
    }

    public TestCase timeoutMs(long timeoutMs) {
        return new TestCase(name, stdin, expectedStdout, timeoutMs);
    }
}
