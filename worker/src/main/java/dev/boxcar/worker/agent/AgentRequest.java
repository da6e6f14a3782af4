package dev.boxcar.worker.agent;

import java.util.List;
import java.util.Map;

/** The agent protocol's request line (agent/README.md). */
public record AgentRequest(String op, Exec exec) {

    public static AgentRequest ping() {
        return new AgentRequest("ping", null);
    }

    public static AgentRequest exec(Exec exec) {
        return new AgentRequest("exec", exec);
    }

    /** {@code byte[]} fields travel as base64, as Go's encoding/json expects. */
    public record Exec(List<String> argv, String cwd, Map<String, String> env, byte[] stdin, List<File> files,
                       long timeoutMs, long maxOutputBytes) {
    }

    public record File(String path, byte[] content, String mode) {
    }
}
