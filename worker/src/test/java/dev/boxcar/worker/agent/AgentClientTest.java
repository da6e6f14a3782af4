package dev.boxcar.worker.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent answers are untrusted (README "Security model", P3): bounded, validated, one call's problem. */
class AgentClientTest {
    private static final long MIB = 1 << 20;
    private final AgentClient client = new AgentClient(MIB, 16 * MIB);

    @TempDir
    Path folder;

    private AgentException callExec(byte[] answer) throws Exception {
        try (LyingAgent agent = new LyingAgent(folder, answer)) {
            return assertThrows(AgentException.class, () -> client.call(agent.socket(),
                    AgentRequest.exec(new AgentRequest.Exec(java.util.List.of("true"), null, null, null, null, 1000, MIB,
                            "r", false)), Duration.ofSeconds(10)));
        }
    }

    @Test
    void anAnswerLongerThanTwoCappedStreamsIsRefusedWithoutReadingItAll() throws Exception {
        byte[] flood = new byte[64 * (int) MIB];
        Arrays.fill(flood, (byte) 'A');
        AgentException refused = callExec(flood);
        assertTrue(refused.getMessage().contains("longer than"), refused.getMessage());
    }

    @Test
    void aMalformedAnswerIsAnAgentException() throws Exception {
        AgentException refused = callExec("{\"ok\":true,\"exec\":{\"exitCode\":".getBytes(StandardCharsets.UTF_8));
        assertTrue(refused.getMessage().contains("malformed"), refused.getMessage());
    }

    @Test
    void anAnswerWithoutTheOperationsResultIsAnAgentException() throws Exception {
        AgentException refused = callExec("{\"ok\":true}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(refused.getMessage().contains("lacks its result"), refused.getMessage());
    }

    @Test
    void aProcessListWithoutProcessesIsRefusedNotANullForTheCaller() throws Exception {
        try (LyingAgent agent = new LyingAgent(folder, "{\"ok\":true}\n".getBytes(StandardCharsets.UTF_8))) {
            assertThrows(AgentException.class, () -> client.call(agent.socket(), AgentRequest.processList(),
                    Duration.ofSeconds(5)));
        }
    }

    @Test
    void aTruthfulAnswerIsReturned() throws Exception {
        String stdout = java.util.Base64.getEncoder().encodeToString("hi\n".getBytes(StandardCharsets.UTF_8));
        byte[] answer = ("{\"ok\":true,\"exec\":{\"exitCode\":0,\"stdout\":\"" + stdout + "\",\"stderr\":\"\"}}\n")
                .getBytes(StandardCharsets.UTF_8);
        try (LyingAgent agent = new LyingAgent(folder, answer)) {
            AgentResponse response = client.call(agent.socket(), AgentRequest.exec(new AgentRequest.Exec(
                    java.util.List.of("true"), null, null, null, null, 1000, MIB, "r", false)), Duration.ofSeconds(5));
            assertEquals("hi\n", new String(response.exec().stdout(), StandardCharsets.UTF_8));
        }
    }
}
