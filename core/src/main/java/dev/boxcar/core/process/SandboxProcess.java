package dev.boxcar.core.process;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A background process of a sandbox (API.md "Process jobs"). Its record lives here, not in the
 * container, so status and logs stay true whatever happens to the worker that started it.
 */
@Entity
@Table(name = "processes")
public class SandboxProcess {
    public static final String STARTING = "starting";
    public static final String RUNNING = "running";
    public static final String EXITED = "exited";
    public static final String KILLED = "killed";
    public static final String FAILED = "failed";

    @Id
    private UUID id;
    @Column(nullable = false)
    private String tenant;
    @Column(name = "sandbox_pk", nullable = false)
    private UUID sandboxPk;
    @Column(name = "sandbox_id", nullable = false)
    private String sandboxId;
    private String name;
    @Column(nullable = false)
    private String command;
    /** JSON array. */
    @Column(nullable = false)
    private String argv;
    private String cwd;
    /** JSON object. */
    @Column(nullable = false)
    private String env;
    @Column(nullable = false)
    private String status;
    private Integer pid;
    @Column(name = "exit_code")
    private Integer exitCode;
    private String signal;
    private String error;
    @Column(name = "job_id")
    private UUID jobId;
    @Column(nullable = false)
    private byte[] stdout;
    @Column(nullable = false)
    private byte[] stderr;
    @Column(name = "stdout_truncated", nullable = false)
    private boolean stdoutTruncated;
    @Column(name = "stderr_truncated", nullable = false)
    private boolean stderrTruncated;
    @Column(name = "stdout_total", nullable = false)
    private long stdoutTotal;
    @Column(name = "stderr_total", nullable = false)
    private long stderrTotal;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "ended_at")
    private Instant endedAt;
    @Column(name = "refreshed_at")
    private Instant refreshedAt;
    @Version
    private long version;

    protected SandboxProcess() {
    }

    public SandboxProcess(String tenant, UUID sandboxPk, String sandboxId, String name, String command, String argvJson,
                          String cwd, String envJson) {
        this.id = UUID.randomUUID();
        this.tenant = tenant;
        this.sandboxPk = sandboxPk;
        this.sandboxId = sandboxId;
        this.name = name;
        this.command = command;
        this.argv = argvJson;
        this.cwd = cwd;
        this.env = envJson;
        this.status = STARTING;
        this.stdout = new byte[0];
        this.stderr = new byte[0];
        this.createdAt = Instant.now();
    }

    public void startedBy(UUID job) {
        this.jobId = job;
    }

    public boolean hasEnded() {
        return !STARTING.equals(status) && !RUNNING.equals(status);
    }

    public UUID getId() { return id; }
    public String getTenant() { return tenant; }
    public UUID getSandboxPk() { return sandboxPk; }
    public String getSandboxId() { return sandboxId; }
    public String getName() { return name; }
    public String getCommand() { return command; }
    public String getArgv() { return argv; }
    public String getCwd() { return cwd; }
    public String getEnv() { return env; }
    public String getStatus() { return status; }
    public Integer getPid() { return pid; }
    public Integer getExitCode() { return exitCode; }
    public String getSignal() { return signal; }
    public String getError() { return error; }
    public UUID getJobId() { return jobId; }
    public byte[] getStdout() { return stdout; }
    public byte[] getStderr() { return stderr; }
    public boolean isStdoutTruncated() { return stdoutTruncated; }
    public boolean isStderrTruncated() { return stderrTruncated; }
    public long getStdoutTotal() { return stdoutTotal; }
    public long getStderrTotal() { return stderrTotal; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getEndedAt() { return endedAt; }
}
