package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.client.model.JobResult;
import dev.boxcar.client.model.TestCaseResult;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Programs;
import dev.boxcar.it.support.RawApi;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One integration test per verdict, and test-suite jobs, in throw-away containers. */
class GradingIT {
    private final BoxcarClient alice = Clients.tenantA();

    private Job grade(ExecRequest.Builder request) {
        Job job = alice.jobs().execAndWait(request.build(), Duration.ofSeconds(90));
        assertTrue(job.isFinished(), () -> "not finished in time: " + job);
        return job;
    }

    @Test
    void aCorrectProgramIsAccepted() {
        Job job = grade(Programs.python("print(int(input()) * 2)", "21\n", "42\n"));
        assertEquals("completed", job.status());
        assertEquals("accepted", job.verdict());
    }

    @Test
    void aWrongOutputIsAWrongAnswer() {
        assertEquals("wrong_answer", grade(Programs.python("print(41)", "", "42\n")).verdict());
    }

    /** TypeScript straight from the source file: Bun strips the types, reads stdin, and is graded like any program. */
    @Test
    void aBunTypeScriptProgramIsGradedOnItsOutput() {
        String sum = String.join("\n",
                "const input: string = await Bun.stdin.text();",
                "const numbers: number[] = input.split(/\\s+/).filter(Boolean).map(Number);",
                "const total: number = numbers.reduce((a: number, b: number) => a + b, 0);",
                "console.log(`${total}`);");
        Job accepted = grade(Programs.bun(sum, "1 2 3\n40\n", "46\n"));
        assertEquals("completed", accepted.status(), accepted::toString);
        assertEquals("accepted", accepted.verdict(), accepted::toString);
        assertEquals("46\n", accepted.result().stdout());
        assertEquals("wrong_answer", grade(Programs.bun(sum, "1 2 3\n", "7\n")).verdict());
    }

    @Test
    void aSegfaultingCProgramIsARuntimeErrorWithSigsegv() {
        Job job = grade(Programs.cSuite("int main(){volatile int *p = 0; *p = 1; return 0;}", "", "x\n"));
        assertEquals("runtime_error", job.verdict(), job::toString);
        TestCaseResult firstCase = job.result().tests().get(0);
        assertEquals("runtime_error", firstCase.verdict());
        assertEquals("SIGSEGV", firstCase.signal());
        assertNull(firstCase.exitCode());
    }

    @Test
    void anInfiniteLoopIsATimeLimitExceeded() {
        Job job = grade(Programs.python("while True: pass", "", "x\n").timeoutMs(1000));
        assertEquals("timed_out", job.status());
        assertEquals("time_limit_exceeded", job.verdict());
    }

    @Test
    void twoGibibytesInA512MibContainerIsAMemoryLimitExceeded() {
        Job job = grade(Programs.python("x = b'x' * (2 * 1024 * 1024 * 1024)\nprint('done')", "", "done\n")
                .memoryMb(512).timeoutMs(60000));
        assertEquals("memory_limit_exceeded", job.verdict(), job::toString);
        assertTrue(job.result().oomKilled());
    }

    /**
     * The review's case: touching 2 GiB in 64 MiB chunks under the memory limit thrashes at the
     * limit until the timeout instead of being OOM-killed; Judge0 (and now Boxcar) call that MLE.
     */
    @Test
    void aProgramThatThrashesAtItsMemoryLimitUntilTheTimeoutIsAMemoryLimitExceeded() {
        String hog = String.join("\n",
                "chunks = []",
                "for _ in range(32):",
                "    chunk = bytearray(64 * 1024 * 1024)",
                "    for i in range(0, len(chunk), 4096):",
                "        chunk[i] = 1",
                "    chunks.append(chunk)",
                "print('done')");
        Job job = grade(Programs.python(hog, "", "done\n").memoryMb(256).timeoutMs(8000));
        assertEquals("memory_limit_exceeded", job.verdict(), job::toString);
    }

    @Test
    void endlessOutputIsAnOutputLimitExceeded() {
        Job job = grade(ExecRequest.command("yes").expectedStdout("y\n"));
        assertEquals("output_limit_exceeded", job.verdict(), job::toString);
    }

    @Test
    void aFailingBuildIsACompilationErrorWithTheBuildOutput() {
        Job job = grade(Programs.cSuite("int main( { return 0; }", "", "x\n"));
        assertEquals("completed", job.status());
        assertEquals("compilation_error", job.verdict());
        JobResult build = job.result().build();
        assertTrue(build.exitCode() != 0);
        assertTrue(build.stderr().contains("error"), build::toString);
        assertEquals(0, job.result().tests().size());
    }

    @Test
    void whitespaceOnlyDifferencesAreAcceptedUnderTrimAndRejectedUnderExact() {
        String program = "print('1 2  ')\nprint()\nprint()";
        assertEquals("accepted", grade(Programs.python(program, "", "1 2\n")).verdict());
        assertEquals("wrong_answer", grade(Programs.python(program, "", "1 2\n").compare("exact")).verdict());
        assertEquals("wrong_answer", grade(Programs.python("print(' 1 2')", "", "1 2\n")).verdict(),
                "leading whitespace still counts under trim");
    }

    @Test
    void aSuiteBuildsOnceAndJudgesEachCaseWithItsOwnInput() {
        String sum = "#include <stdio.h>\nint main(){int a,b; scanf(\"%d %d\",&a,&b); printf(\"%d\\n\", a+b); return 0;}";
        Job job = grade(Programs.cSuite(sum, List.of(
                Programs.testCase("t1", "1 2\n", "3\n"),
                Programs.testCase("t2", "10 20\n", "31\n"),
                Programs.testCase("t3", "5 5\n", "10\n")), false));
        assertEquals("wrong_answer", job.verdict(), "the first case that is not accepted decides");
        List<TestCaseResult> tests = job.result().tests();
        assertEquals(3, tests.size());
        assertEquals("accepted", tests.get(0).verdict());
        assertEquals("wrong_answer", tests.get(1).verdict());
        assertEquals("accepted", tests.get(2).verdict(), "without stopOnFirstFailure all cases run");
        assertEquals("t3", tests.get(2).name());
        assertEquals(0, job.result().build().exitCode());
        assertEquals("10\n", job.result().stdout(), "top-level fields describe the last run");
    }

    @Test
    void stopOnFirstFailureSkipsTheRemainingCases() {
        Job job = grade(Programs.cSuite("#include <stdio.h>\nint main(){puts(\"1\"); return 0;}", List.of(
                Programs.testCase("a", "", "2\n"),
                Programs.testCase("b", "", "1\n")), true));
        List<TestCaseResult> tests = job.result().tests();
        assertEquals("wrong_answer", tests.get(0).verdict());
        assertEquals("skipped", tests.get(1).verdict());
        assertEquals("wrong_answer", job.verdict());
    }

    @Test
    void suiteCasesTimeOutOnTheirOwnLimitWithoutTimingOutTheJob() {
        Job job = grade(ExecRequest.command("python3 -c \"import time,sys; n=int(sys.stdin.read()); time.sleep(n); print(n)\"")
                .test(Programs.testCase("fast", "0\n", "0\n"))
                .test(Programs.testCase("slow", "5\n", "5\n").timeoutMs(500)));
        assertEquals("completed", job.status());
        assertEquals("time_limit_exceeded", job.verdict());
        assertEquals("time_limit_exceeded", job.result().tests().get(1).verdict());
    }

    /** Raw bodies on purpose: what is checked is the server's answer to exactly these bytes. */
    @Test
    void invalidGradingFieldsAre400() {
        RawApi raw = RawApi.tenantA();
        assertEquals(400, raw.post("/api/v1/exec", "{\"command\":\"x\",\"compare\":\"fuzzy\",\"expectedStdout\":\"\"}").status());
        assertEquals(400, raw.post("/api/v1/exec", "{\"command\":\"x\",\"tests\":[]}").status());
        assertEquals(400, raw.post("/api/v1/exec", "{\"command\":\"x\",\"tests\":[{\"name\":\"t\"}]}").status());
        assertEquals(400, raw.post("/api/v1/exec", "{\"command\":\"x\",\"build\":\"make\"}").status());
    }
}
