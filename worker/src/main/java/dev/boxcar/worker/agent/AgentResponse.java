package dev.boxcar.worker.agent;

import java.util.List;

/** The agent protocol's response line (agent/README.md). */
public record AgentResponse(boolean ok, String error, Ping ping, ExecResult exec, CancelResult cancel,
                            ProcessState process, List<ProcessState> processes, ProcessLogs logs, FileResult file,
                            Peek peek, String errorCode, Reset reset) {

    /** The agent's {@code errorCode} for an adopted run it started before and no longer knows the end of. */
    public static final String RUN_LOST = "run_lost";

    /** True when the answer carries what {@code op} must return (a lying agent may leave it out). */
    public boolean answers(String op) {
        return switch (op) {
            case "ping" -> ping != null;
            case "exec" -> exec != null;
            case "cancel" -> cancel != null;
            case "exec.peek" -> peek != null;
            case "process.start", "process.kill" -> process != null;
            case "process.list" -> processes != null;
            case "process.logs" -> logs != null;
            case "file.write", "file.read" -> file != null;
            case "reset" -> reset != null;
            default -> true;
        };
    }

    /** A running exec's output so far. */
    public record Peek(byte[] stdout, byte[] stderr) {
    }

    /** A background process as the agent knows it; {@code killedBy} is set when we signalled it. */
    public record ProcessState(String id, int pid, boolean running, Integer exitCode, String signal, String killedBy,
                               long stdoutTotal, long stderrTotal) {
    }

    /** The newest part of each stream and how much was written in all. */
    public record ProcessLogs(byte[] stdout, byte[] stderr, long stdoutTotal, long stderrTotal) {
    }

    /** {@code content}: the file's bytes as the agent sent them, base64 (kept so: see {@link FileReadAnswer}). */
    public record FileResult(boolean found, long size, String content) {
    }


    public record Ping(String version, int uid, int pid) {
    }

    /** {@code reusable}: the container may serve the next job that shares it; else {@code reason} says why not. */
    public record Reset(boolean reusable, String reason, long millis) {
    }

    public record CancelResult(boolean found) {
    }

    public record ExecResult(Integer exitCode, String signal, byte[] stdout, byte[] stderr,
                             boolean stdoutTruncated, boolean stderrTruncated, boolean timedOut, boolean cancelled,
                             boolean oomKilled, long durationMs, Long cpuTimeMs, Long peakMemoryBytes,
                             Long cgroupCpuTimeMs, Long cgroupPeakMemoryBytes, boolean memoryLimitHit) {
    }
}
