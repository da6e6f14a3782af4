package dev.boxcar.it.support;

import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.TestCase;
import java.util.List;

/** Test-data builders for graded submissions in the languages the default image has (typed client requests). */
public final class Programs {
    private Programs() {
    }

    public static ExecRequest.Builder python(String source, String stdin, String expected) {
        return single("python3 main.py", "main.py", source, stdin, expected);
    }

    public static ExecRequest.Builder node(String source, String stdin, String expected) {
        return single("node main.js", "main.js", source, stdin, expected);
    }

    /** A TypeScript program that Bun runs as it is (no build step). */
    public static ExecRequest.Builder bun(String source, String stdin, String expected) {
        return single("bun run main.ts", "main.ts", source, stdin, expected);
    }

    public static ExecRequest.Builder shell(String script, String stdin, String expected) {
        return single("sh main.sh", "main.sh", script, stdin, expected);
    }

    /** A C program as a suite: gcc builds it once, then one case. */
    public static ExecRequest.Builder cSuite(String source, String stdin, String expected) {
        return cSuite(source, List.of(testCase("t1", stdin, expected)), false);
    }

    public static ExecRequest.Builder cSuite(String source, List<TestCase> tests, boolean stopOnFirstFailure) {
        return ExecRequest.command("./main")
                .buildStep("gcc -O2 -o main main.c")
                .file("main.c", source)
                .tests(tests)
                .stopOnFirstFailure(stopOnFirstFailure);
    }

    public static TestCase testCase(String name, String stdin, String expected) {
        return TestCase.of(name, stdin, expected);
    }

    private static ExecRequest.Builder single(String command, String fileName, String source, String stdin, String expected) {
        return ExecRequest.command(command).file(fileName, source).stdin(stdin).expectedStdout(expected);
    }
}
