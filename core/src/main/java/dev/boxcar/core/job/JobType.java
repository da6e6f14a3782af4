package dev.boxcar.core.job;

/** API.md "Job.type" wire names. */
public final class JobType {
    public static final String EXEC = "exec";
    public static final String PROCESS_START = "process.start";
    public static final String PROCESS_KILL = "process.kill";
    public static final String SANDBOX_DESTROY = "sandbox.destroy";
    public static final String FILE_WRITE = "file.write";
    public static final String FILE_READ = "file.read";

    /**
     * The types that wait in their sandbox's line (one at a time, in submission order, API.md).
     * Kills and destroys never wait in it.
     */
    public static final java.util.List<String> IN_LINE = java.util.List.of(EXEC, PROCESS_START, FILE_WRITE, FILE_READ);

    /** {@link #IN_LINE} as a SQL list: {@code ('exec','process.start',...)}. */
    public static String inLineSql() {
        return "(" + String.join(",", IN_LINE.stream().map(t -> "'" + t + "'").toList()) + ")";
    }

    private JobType() {
    }
}
