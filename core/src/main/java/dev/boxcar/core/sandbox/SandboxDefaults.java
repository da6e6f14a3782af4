package dev.boxcar.core.sandbox;

/** Defaults and ranges from API.md "Conventions", shared by validation and container creation. */
public final class SandboxDefaults {
    public static final String IMAGE = "default";
    public static final int MEMORY_MB = 512;
    public static final int MEMORY_MB_MIN = 64;
    public static final int MEMORY_MB_MAX = 16384;
    public static final double CPUS = 1.0;
    public static final double CPUS_MIN = 0.1;
    public static final double CPUS_MAX = 16;
    public static final int PIDS = 256;
    public static final int PIDS_MIN = 16;
    public static final int PIDS_MAX = 4096;
    public static final String NETWORK = "none";
    public static final String USER = "sandbox";
    public static final int IDLE_TIMEOUT_SECONDS = 900;
    public static final int IDLE_TIMEOUT_MIN = 10;
    public static final int IDLE_TIMEOUT_MAX = 604800;
    public static final long TIMEOUT_MS = 30000;
    public static final long TIMEOUT_MS_MIN = 1;
    public static final long TIMEOUT_MS_MAX = 600000;

    private SandboxDefaults() {
    }
}
