package dev.boxcar.core.job;

/** API.md "Job.type" wire names. */
public final class JobType {
    public static final String EXEC = "exec";
    public static final String PROCESS_START = "process.start";
    public static final String PROCESS_KILL = "process.kill";
    public static final String SANDBOX_DESTROY = "sandbox.destroy";
    public static final String FILE_WRITE = "file.write";
    public static final String FILE_READ = "file.read";

    private JobType() {
    }
}
