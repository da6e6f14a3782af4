package dev.boxcar.worker.agent;

import java.util.List;
import java.util.Map;

/** The agent protocol's request line (agent/README.md). */
public record AgentRequest(String op, Exec exec, Cancel cancel, ProcessStart processStart, ProcessKill processKill,
                           ProcessRef process, FileWrite fileWrite, FileRead fileRead, Cancel peek) {

    private static AgentRequest of(String op) {
        return new AgentRequest(op, null, null, null, null, null, null, null, null);
    }

    /** The output of a running exec so far. */
    public static AgentRequest peek(String runId) {
        return new AgentRequest("exec.peek", null, null, null, null, null, null, null, new Cancel(runId));
    }

    public static AgentRequest ping() {
        return of("ping");
    }

    /** Brings a throw-away container back to how it was before its first job, or says why it cannot. */
    public static AgentRequest reset() {
        return of("reset");
    }

    public static AgentRequest exec(Exec exec) {
        return new AgentRequest("exec", exec, null, null, null, null, null, null, null);
    }

    public static AgentRequest cancel(String runId) {
        return new AgentRequest("cancel", null, new Cancel(runId), null, null, null, null, null, null);
    }

    public static AgentRequest processStart(ProcessStart start) {
        return new AgentRequest("process.start", null, null, start, null, null, null, null, null);
    }

    public static AgentRequest processKill(String id, String signal) {
        return new AgentRequest("process.kill", null, null, null, new ProcessKill(id, signal), null, null, null, null);
    }

    public static AgentRequest processList() {
        return of("process.list");
    }

    public static AgentRequest processLogs(String id) {
        return new AgentRequest("process.logs", null, null, null, null, new ProcessRef(id), null, null, null);
    }

    public static AgentRequest fileWrite(String path, byte[] content) {
        return new AgentRequest("file.write", null, null, null, null, null, new FileWrite(path, content, null), null, null);
    }

    public static AgentRequest fileRead(String path, long maxBytes) {
        return new AgentRequest("file.read", null, null, null, null, null, null, new FileRead(path, maxBytes), null);
    }

    /** {@code adopt}: a worker that died may have sent this start before (agent/README.md "Adoption"). */
    public record ProcessStart(String id, List<String> argv, String cwd, Map<String, String> env, boolean adopt) {
    }

    public record ProcessKill(String id, String signal) {
    }

    public record ProcessRef(String id) {
    }

    public record FileWrite(String path, byte[] content, String mode) {
    }

    public record FileRead(String path, long maxBytes) {
    }

    /**
     * {@code byte[]} fields travel as base64, as Go's encoding/json expects. {@code runId} lets a
     * later {@link #cancel} find the run, and makes a repeated exec attach to it; {@code adopt}: a
     * worker that died may have sent this run before (agent/README.md "Adoption").
     */
    public record Exec(List<String> argv, String cwd, Map<String, String> env, byte[] stdin, List<File> files,
                       long timeoutMs, long maxOutputBytes, String runId, boolean adopt) {
    }

    public record Cancel(String runId) {
    }

    public record File(String path, byte[] content, String mode) {
    }
}
