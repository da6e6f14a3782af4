package dev.boxcar.worker.agent;

/** The agent protocol's response line (agent/README.md). */
public record AgentResponse(boolean ok, String error, Ping ping, ExecResult exec, CancelResult cancel) {

    public record Ping(String version, int uid, int pid) {
    }

    public record CancelResult(boolean found) {
    }

    public record ExecResult(Integer exitCode, String signal, byte[] stdout, byte[] stderr,
                             boolean stdoutTruncated, boolean stderrTruncated, boolean timedOut, boolean cancelled,
                             boolean oomKilled, long durationMs, Long cpuTimeMs, Long peakMemoryBytes,
                             Long cgroupCpuTimeMs, Long cgroupPeakMemoryBytes) {
    }
}
