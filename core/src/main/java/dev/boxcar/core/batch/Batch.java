package dev.boxcar.core.batch;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A batch of exec jobs (API.md "Batches"); its progress is counted from its jobs, never stored twice. */
@Entity
@Table(name = "batches")
public class Batch {
    public static final String CALLBACK_PENDING = "pending";
    public static final String CALLBACK_DELIVERED = "delivered";
    public static final String CALLBACK_FAILED = "failed";

    @Id
    private UUID id;
    @Column(nullable = false)
    private String tenant;
    @Column(nullable = false)
    private int total;
    @Column(name = "callback_url")
    private String callbackUrl;
    @Column(name = "callback_status")
    private String callbackStatus;
    @Column(name = "callback_attempts", nullable = false)
    private int callbackAttempts;
    @Column(name = "callback_next_at")
    private Instant callbackNextAt;
    @Column(name = "callback_last_error")
    private String callbackLastError;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    @Version
    private long version;

    protected Batch() {
    }

    public Batch(String tenant, int total, String callbackUrl) {
        this.id = UUID.randomUUID();
        this.tenant = tenant;
        this.total = total;
        this.callbackUrl = callbackUrl;
        this.callbackStatus = callbackUrl == null ? null : CALLBACK_PENDING;
        this.createdAt = Instant.now();
    }

    public UUID getId() { return id; }
    public String getTenant() { return tenant; }
    public int getTotal() { return total; }
    public String getCallbackUrl() { return callbackUrl; }
    public String getCallbackStatus() { return callbackStatus; }
    public int getCallbackAttempts() { return callbackAttempts; }
    public String getCallbackLastError() { return callbackLastError; }
    public Instant getCreatedAt() { return createdAt; }
}
