package dev.boxcar.core.sandbox;

/** API.md "Sandbox.status" wire names. */
public final class SandboxStatus {
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";
    public static final String DESTROYING = "destroying";
    public static final String DESTROYED = "destroyed";
    public static final String FAILED = "failed";
    /** Its Docker host stopped answering (API.md "Hosts"); the next job recreates it elsewhere, empty. */
    public static final String LOST = "lost";

    private SandboxStatus() {
    }
}
