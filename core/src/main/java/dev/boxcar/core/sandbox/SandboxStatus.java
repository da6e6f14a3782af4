package dev.boxcar.core.sandbox;

/** API.md "Sandbox.status" wire names. */
public final class SandboxStatus {
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";
    public static final String DESTROYING = "destroying";
    public static final String DESTROYED = "destroyed";
    public static final String FAILED = "failed";

    private SandboxStatus() {
    }
}
