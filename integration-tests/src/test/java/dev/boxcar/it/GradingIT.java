package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Programs;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** One integration test per verdict, and test-suite jobs, in throw-away containers. */
class GradingIT {
    private final RawApi alice = RawApi.tenantA();

    private JsonObject grade(JsonObject body) {
        return Jobs.runThrowawayJson(alice, body.toString());
    }

    @Test
    void aCorrectProgramIsAccepted() {
        JsonObject job = grade(Programs.python("print(int(input()) * 2)", "21\n", "42\n"));
        assertEquals("completed", job.getString("status"));
        assertEquals("accepted", job.getString("verdict"));
    }

    @Test
    void aWrongOutputIsAWrongAnswer() {
        assertEquals("wrong_answer", grade(Programs.python("print(41)", "", "42\n")).getString("verdict"));
    }

    @Test
    void aSegfaultingCProgramIsARuntimeErrorWithSigsegv() {
        JsonObject job = grade(Programs.cSuite("int main(){volatile int *p = 0; *p = 1; return 0;}", "", "x\n"));
        assertEquals("runtime_error", job.getString("verdict"), job::toString);
        JsonObject firstCase = job.getJsonObject("result").getJsonArray("tests").getJsonObject(0);
        assertEquals("runtime_error", firstCase.getString("verdict"));
        assertEquals("SIGSEGV", firstCase.getString("signal"));
        assertTrue(firstCase.isNull("exitCode"));
    }

    @Test
    void anInfiniteLoopIsATimeLimitExceeded() {
        JsonObject job = grade(Json.createObjectBuilder(Programs.python("while True: pass", "", "x\n"))
                .add("timeoutMs", 1000).build());
        assertEquals("timed_out", job.getString("status"));
        assertEquals("time_limit_exceeded", job.getString("verdict"));
    }

    @Test
    void twoGibibytesInA512MibContainerIsAMemoryLimitExceeded() {
        JsonObject job = grade(Json.createObjectBuilder(
                Programs.python("x = b'x' * (2 * 1024 * 1024 * 1024)\nprint('done')", "", "done\n"))
                .add("memoryMb", 512).add("timeoutMs", 60000).build());
        assertEquals("memory_limit_exceeded", job.getString("verdict"), job::toString);
        assertTrue(job.getJsonObject("result").getBoolean("oomKilled"));
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
        JsonObject job = grade(Json.createObjectBuilder(Programs.python(hog, "", "done\n"))
                .add("memoryMb", 256).add("timeoutMs", 8000).build());
        assertEquals("memory_limit_exceeded", job.getString("verdict"), job::toString);
    }

    @Test
    void endlessOutputIsAnOutputLimitExceeded() {
        JsonObject job = grade(Json.createObjectBuilder().add("command", "yes").add("expectedStdout", "y\n").build());
        assertEquals("output_limit_exceeded", job.getString("verdict"), job::toString);
    }

    @Test
    void aFailingBuildIsACompilationErrorWithTheBuildOutput() {
        JsonObject job = grade(Programs.cSuite("int main( { return 0; }", "", "x\n"));
        assertEquals("completed", job.getString("status"));
        assertEquals("compilation_error", job.getString("verdict"));
        JsonObject build = job.getJsonObject("result").getJsonObject("build");
        assertTrue(build.getInt("exitCode") != 0);
        assertTrue(build.getString("stderr").contains("error"), build::toString);
        assertEquals(0, job.getJsonObject("result").getJsonArray("tests").size());
    }

    @Test
    void whitespaceOnlyDifferencesAreAcceptedUnderTrimAndRejectedUnderExact() {
        String program = "print('1 2  ')\nprint()\nprint()";
        assertEquals("accepted", grade(Programs.python(program, "", "1 2\n")).getString("verdict"));
        assertEquals("wrong_answer", grade(Json.createObjectBuilder(Programs.python(program, "", "1 2\n"))
                .add("compare", "exact").build()).getString("verdict"));
        assertEquals("wrong_answer", grade(Programs.python("print(' 1 2')", "", "1 2\n")).getString("verdict"),
                "leading whitespace still counts under trim");
    }

    @Test
    void aSuiteBuildsOnceAndJudgesEachCaseWithItsOwnInput() {
        String sum = "#include <stdio.h>\nint main(){int a,b; scanf(\"%d %d\",&a,&b); printf(\"%d\\n\", a+b); return 0;}";
        JsonObject job = grade(Programs.cSuite(sum, Json.createArrayBuilder()
                .add(Programs.testCase("t1", "1 2\n", "3\n"))
                .add(Programs.testCase("t2", "10 20\n", "31\n"))
                .add(Programs.testCase("t3", "5 5\n", "10\n"))
                .build(), false));
        assertEquals("wrong_answer", job.getString("verdict"), "the first case that is not accepted decides");
        JsonArray tests = job.getJsonObject("result").getJsonArray("tests");
        assertEquals(3, tests.size());
        assertEquals("accepted", tests.getJsonObject(0).getString("verdict"));
        assertEquals("wrong_answer", tests.getJsonObject(1).getString("verdict"));
        assertEquals("accepted", tests.getJsonObject(2).getString("verdict"), "without stopOnFirstFailure all cases run");
        assertEquals("t3", tests.getJsonObject(2).getString("name"));
        assertEquals(0, job.getJsonObject("result").getJsonObject("build").getInt("exitCode"));
        assertEquals("10\n", job.getJsonObject("result").getString("stdout"), "top-level fields describe the last run");
    }

    @Test
    void stopOnFirstFailureSkipsTheRemainingCases() {
        JsonObject job = grade(Programs.cSuite("#include <stdio.h>\nint main(){puts(\"1\"); return 0;}",
                Json.createArrayBuilder()
                        .add(Programs.testCase("a", "", "2\n"))
                        .add(Programs.testCase("b", "", "1\n"))
                        .build(), true));
        JsonArray tests = job.getJsonObject("result").getJsonArray("tests");
        assertEquals("wrong_answer", tests.getJsonObject(0).getString("verdict"));
        assertEquals("skipped", tests.getJsonObject(1).getString("verdict"));
        assertEquals("wrong_answer", job.getString("verdict"));
    }

    @Test
    void suiteCasesTimeOutOnTheirOwnLimitWithoutTimingOutTheJob() {
        JsonObject job = grade(Json.createObjectBuilder()
                .add("command", "python3 -c \"import time,sys; n=int(sys.stdin.read()); time.sleep(n); print(n)\"")
                .add("tests", Json.createArrayBuilder()
                        .add(Programs.testCase("fast", "0\n", "0\n"))
                        .add(Json.createObjectBuilder(Programs.testCase("slow", "5\n", "5\n")).add("timeoutMs", 500)))
                .build());
        assertEquals("completed", job.getString("status"));
        assertEquals("time_limit_exceeded", job.getString("verdict"));
        assertEquals("time_limit_exceeded", job.getJsonObject("result").getJsonArray("tests").getJsonObject(1).getString("verdict"));
    }

    @Test
    void invalidGradingFieldsAre400() {
        assertEquals(400, alice.post("/api/v1/exec", "{\"command\":\"x\",\"compare\":\"fuzzy\",\"expectedStdout\":\"\"}").status());
        assertEquals(400, alice.post("/api/v1/exec", "{\"command\":\"x\",\"tests\":[]}").status());
        assertEquals(400, alice.post("/api/v1/exec", "{\"command\":\"x\",\"tests\":[{\"name\":\"t\"}]}").status());
        assertEquals(400, alice.post("/api/v1/exec", "{\"command\":\"x\",\"build\":\"make\"}").status());
    }
}
