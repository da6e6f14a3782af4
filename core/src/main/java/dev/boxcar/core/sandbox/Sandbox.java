package dev.boxcar.core.sandbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's long-lived sandbox (API.md "Sandbox"). {@code pk} is ours; {@code sandboxId} is the
 * client's name, unique per tenant among sandboxes that are not destroyed. Its configuration is
 * fixed at creation.
 */
@Entity
@Table(name = "sandboxes")
public class Sandbox {
    @Id
    private UUID pk;
    @Column(nullable = false)
    private String tenant;
    @Column(name = "sandbox_id", nullable = false)
    private String sandboxId;
    @Column(nullable = false)
    private String image;
    /** JSON object of environment variables. */
    @Column(nullable = false)
    private String env;
    @Column(name = "memory_mb", nullable = false)
    private int memoryMb;
    @Column(nullable = false, precision = 6, scale = 2)
    private BigDecimal cpus;
    @Column(nullable = false)
    private int pids;
    @Column(nullable = false)
    private String network;
    @Column(name = "run_as", nullable = false)
    private String runAs;
    @Column(name = "idle_timeout_seconds", nullable = false)
    private int idleTimeoutSeconds;
    @Column(nullable = false)
    private String status;
    private String error;
    @Column(name = "container_id")
    private String containerId;
    /** The Docker host it lives on (API.md "Hosts"); null until a worker first starts it. */
    @Column(name = "host_id")
    private String hostId;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "last_used_at")
    private Instant lastUsedAt;
    @Column(name = "destroyed_at")
    private Instant destroyedAt;
    @Version
    private long version;

    protected Sandbox() {
    }

    public Sandbox(String tenant, String sandboxId, SandboxConfig config) {
        this.pk = UUID.randomUUID();
        this.tenant = tenant;
        this.sandboxId = sandboxId;
        this.image = config.image();
        this.env = config.envJson();
        this.memoryMb = config.memoryMb();
        this.cpus = BigDecimal.valueOf(config.cpus());
        this.pids = config.pids();
        this.network = config.network();
        this.runAs = config.user();
        this.idleTimeoutSeconds = config.idleTimeoutSeconds();
        this.status = SandboxStatus.PENDING;
        this.createdAt = Instant.now();
    }

    public SandboxConfig config() {
        return new SandboxConfig(image, SandboxConfig.envFromJson(env), memoryMb, cpus.doubleValue(), pids,
                network, runAs, idleTimeoutSeconds);
    }

    public void markRunning(String containerId) {
        SandboxTransitions.checkMove(status, SandboxStatus.RUNNING);
        this.status = SandboxStatus.RUNNING;
        this.containerId = containerId;
        this.error = null;
        this.lastUsedAt = Instant.now();
    }

    public void markFailed(String reason) {
        SandboxTransitions.checkMove(status, SandboxStatus.FAILED);
        this.status = SandboxStatus.FAILED;
        this.error = reason;
    }

    public void markDestroying() {
        SandboxTransitions.checkMove(status, SandboxStatus.DESTROYING);
        this.status = SandboxStatus.DESTROYING;
    }

    public void markDestroyed() {
        SandboxTransitions.checkMove(status, SandboxStatus.DESTROYED);
        this.status = SandboxStatus.DESTROYED;
        this.destroyedAt = Instant.now();
        this.containerId = null;
    }

    public UUID getPk() { return pk; }
    public String getTenant() { return tenant; }
    public String getSandboxId() { return sandboxId; }
    public String getStatus() { return status; }
    public String getError() { return error; }
    public String getContainerId() { return containerId; }
    public String getHostId() { return hostId; }
    public void placeOn(String hostId) { this.hostId = hostId; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getLastUsedAt() { return lastUsedAt; }
    public Instant getDestroyedAt() { return destroyedAt; }
}
