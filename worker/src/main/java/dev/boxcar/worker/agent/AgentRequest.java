package dev.boxcar.worker.agent;

import java.util.List;
import java.util.Map;

/** The agent protocol's request line (agent/README.md). */
public record AgentRequest(String op, Exec exec, Cancel cancel) {

    public static AgentRequest ping() {
        return new AgentRequest("ping", null, null);
    }

    public static AgentRequest exec(Exec exec) {
        return new AgentRequest("exec", exec, null);
    }

    public static AgentRequest cancel(String runId) {
        return new AgentRequest("cancel", null, new Cancel(runId));
    }

    /**
     * {@code byte[]} fields travel as base64, as Go's encoding/json expects. {@code runId} lets a
     * later {@link #cancel} find the run.
     */
    public record Exec(List<String> argv, String cwd, Map<String, String> env, byte[] stdin, List<File> files,
                       long timeoutMs, long maxOutputBytes, String runId) {
    }

    public record Cancel(String runId) {
    }

    public record File(String path, byte[] content, String mode) {
    }
}
