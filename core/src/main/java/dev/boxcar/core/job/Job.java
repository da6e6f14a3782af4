package dev.boxcar.core.job;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * One unit of work (API.md "Job"). {@code request} and {@code result} are JSON documents whose
 * shapes live in {@link ExecSpec} and {@link ExecOutcome}. Status changes are conditional SQL
 * updates whose guards come from {@link JobTransitions}, so the state machine holds everywhere.
 */
@Entity
@Table(name = "jobs")
public class Job {
    @Id
    private UUID id;
    @Column(nullable = false)
    private String tenant;
    @Column(nullable = false)
    private String type;
    @Column(name = "sandbox_pk")
    private UUID sandboxPk;
    @Column(name = "sandbox_id")
    private String sandboxId;
    @Column(name = "batch_id")
    private UUID batchId;
    @Column(name = "batch_index")
    private Integer batchIndex;
    @Column(insertable = false, updatable = false)
    private Long seq;
    @Convert(converter = JobStatusConverter.class)
    @Column(nullable = false)
    private JobStatus status;
    @Column(nullable = false)
    private String request;
    private String result;
    private String verdict;
    @Column(name = "error_code")
    private String errorCode;
    @Column(name = "error_message")
    private String errorMessage;
    @Column(name = "worker_id")
    private String workerId;
    private int attempts;
    @Column(name = "cancel_requested")
    private boolean cancelRequested;
    @Column(name = "dispatched_at")
    private Instant dispatchedAt;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    @Version
    private long version;

    protected Job() {
    }

    public static Job queued(String tenant, String type, UUID sandboxPk, String sandboxId, String requestJson) {
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.tenant = tenant;
        job.type = type;
        job.sandboxPk = sandboxPk;
        job.sandboxId = sandboxId;
        job.status = JobStatus.QUEUED;
        job.request = requestJson;
        job.createdAt = Instant.now();
        return job;
    }

    /**
     * The job of a {@code jobs} row, as plain JDBC read it (a {@code RETURNING *} of a claim on the
     * workers' hot path, where an entity manager would cost more than the statement): detached,
     * for reading only.
     */
    public static Job ofRow(java.sql.ResultSet row) throws java.sql.SQLException {
        Job job = new Job();
        job.id = row.getObject("id", UUID.class);
        job.tenant = row.getString("tenant");
        job.type = row.getString("type");
        job.sandboxPk = row.getObject("sandbox_pk", UUID.class);
        job.sandboxId = row.getString("sandbox_id");
        job.batchId = row.getObject("batch_id", UUID.class);
        job.batchIndex = (Integer) row.getObject("batch_index");
        job.seq = row.getLong("seq");
        job.status = JobStatus.fromWireName(row.getString("status"));
        job.request = row.getString("request");
        job.result = row.getString("result");
        job.verdict = row.getString("verdict");
        job.errorCode = row.getString("error_code");
        job.errorMessage = row.getString("error_message");
        job.workerId = row.getString("worker_id");
        job.attempts = row.getInt("attempts");
        job.cancelRequested = row.getBoolean("cancel_requested");
        job.dispatchedAt = instant(row, "dispatched_at");
        job.createdAt = instant(row, "created_at");
        job.startedAt = instant(row, "started_at");
        job.finishedAt = instant(row, "finished_at");
        job.version = row.getLong("version");
        return job;
    }

    private static Instant instant(java.sql.ResultSet row, String column) throws java.sql.SQLException {
        java.time.OffsetDateTime at = row.getObject(column, java.time.OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** Records the sandbox a new job was inserted into, found by the insert itself (its line's row). */
    public Job placedIn(UUID sandbox) {
        this.sandboxPk = sandbox;
        return this;
    }

    /** Makes this job item {@code index} of a batch (submission order within the batch). */
    public Job inBatch(UUID batch, int index) {
        this.batchId = batch;
        this.batchIndex = index;
        return this;
    }

    public UUID getId() { return id; }
    public String getTenant() { return tenant; }
    public String getType() { return type; }
    public UUID getSandboxPk() { return sandboxPk; }
    public String getSandboxId() { return sandboxId; }
    public UUID getBatchId() { return batchId; }
    public Integer getBatchIndex() { return batchIndex; }
    public Long getSeq() { return seq; }
    public JobStatus getStatus() { return status; }
    public String getRequest() { return request; }
    public String getResult() { return result; }
    public String getVerdict() { return verdict; }
    public String getErrorCode() { return errorCode; }
    public String getErrorMessage() { return errorMessage; }
    public String getWorkerId() { return workerId; }
    public int getAttempts() { return attempts; }

    /**
     * Every claim counts an attempt; a claim after the first is an adoption: the worker that ran
     * the job died, and this one takes the job over where its commands run.
     */
    public boolean isAdopted() { return attempts > 1; }
    public boolean isCancelRequested() { return cancelRequested; }
    public Instant getDispatchedAt() { return dispatchedAt; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
}
