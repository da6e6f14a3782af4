package dev.boxcar.it.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each request of the hostile-client review that got a 500 (or was wrongly accepted) on the old
 * main: now a 4xx problem+json that changes nothing.
 */
class HostileRequestsIT {
    private final RawHttp http = new RawHttp(TestEnvironment.apiUrl());
    private final RawApi alice = RawApi.tenantA();

    private RawHttp.Answer send(String method, String target, byte[] body) throws IOException {
        return http.send(new FuzzRequest(method, target.getBytes(StandardCharsets.UTF_8),
                List.of(new String[] {"Authorization", "Bearer " + TestEnvironment.tokenA()},
                        new String[] {"Content-Type", "application/json"}), body), 30_000);
    }

    private static void assertProblem(int status, RawHttp.Answer answer) {
        assertEquals(status, answer.status(), () -> answer.text().substring(0, Math.min(300, answer.text().length())));
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMatrixParameterInThePathIsA400() throws IOException {
        assertProblem(400, send("GET", "/api;x=1/v1/jobs", null));
        assertProblem(400, send("GET", "/api/v1/jobs;a=b", null));
    }

    @Test
    void aPathOrQueryThatIsNotPercentEncodedUtf8IsA400() throws IOException {
        assertProblem(400, send("GET", "/api/x%zz", null));
        assertProblem(400, send("GET", "/api/v1/sandboxes/%FF", null));
        assertProblem(400, send("GET", "/api/v1/jobs?limit=%C3", null));
    }

    @Test
    void deeplyNestedJsonIsA400() throws IOException {
        String sandbox = "/api/v1/sandboxes/" + TestEnvironment.sandboxId("hostile-deep") + "/exec";
        assertProblem(400, send("POST", sandbox, utf8("{\"command\":\"true\",\"env\":" + "[".repeat(10_000)
                + "]".repeat(10_000) + "}")));
        assertProblem(400, send("POST", sandbox, utf8("{\"command\":\"true\",\"env\":" + "{\"a\":".repeat(10_000)
                + "1" + "}".repeat(10_000) + "}")));
    }

    @Test
    void aFiveThousandDigitNumberIsA400() throws IOException {
        assertProblem(400, send("POST", "/api/v1/exec", utf8("{\"command\":\"true\",\"timeoutMs\":" + "9".repeat(5000) + "}")));
    }

    @Test
    void aNulByteInArgvOrCwdIsA400() throws IOException {
        String sandbox = TestEnvironment.sandboxId("hostile-nul");
        assertProblem(400, send("POST", "/api/v1/sandboxes/" + sandbox + "/processes",
                utf8("{\"argv\":[\"sleep\",\"1\\u0000\"]}")));
        assertProblem(400, send("POST", "/api/v1/sandboxes/" + sandbox + "/processes",
                utf8("{\"command\":\"true\",\"cwd\":\"/work\\u0000space\"}")));
        assertProblem(400, send("POST", "/api/v1/sandboxes/" + sandbox + "/exec", utf8("{\"argv\":[\"echo\",\"a\\u0000\"]}")));
        assertEquals(404, alice.get("/api/v1/sandboxes/" + sandbox).status(), "a refused request created the sandbox");
    }

    @Test
    void aBodyThatIsNotValidUtf8IsA400() throws IOException {
        byte[] body = {'{', '"', 'c', 'o', 'm', 'm', 'a', 'n', 'd', '"', ':', '"', 'e', 'c', 'h', 'o', ' ', (byte) 0xC3,
            0x28, '"', '}'};
        assertProblem(400, send("POST", "/api/v1/exec", body));
    }

    @Test
    void readingAFileOfASandboxThatDoesNotExistIsA404AndCreatesNothing() {
        String sandbox = TestEnvironment.sandboxId("hostile-files");
        var read = alice.get("/api/v1/sandboxes/" + sandbox + "/files?path=a.txt&wait=0");
        assertEquals(404, read.status(), read::toString);
        assertEquals(404, alice.get("/api/v1/sandboxes/" + sandbox).status(), "the read created the sandbox");
    }

    /** Each case keeps its output in the job's one result: their number is bounded (100). */
    @Test
    void moreThanAHundredTestCasesIsA400() throws IOException {
        StringBuilder tests = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            tests.append(i == 0 ? "" : ",").append("{\"name\":\"t").append(i).append("\",\"expectedStdout\":\"\"}");
        }
        assertProblem(400, send("POST", "/api/v1/exec", utf8("{\"command\":\"true\",\"tests\":[" + tests + "]}")));
    }
}
