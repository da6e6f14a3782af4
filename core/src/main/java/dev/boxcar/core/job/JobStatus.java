package dev.boxcar.core.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The job state machine (API.md "Job.status"), enforced here and only here: every status change
 * goes through {@link #canMoveTo}, and the SQL claims mirror the same edges.
 */
public enum JobStatus {
    QUEUED("queued"),
    RUNNING("running"),
    COMPLETED("completed"),
    TIMED_OUT("timed_out"),
    CANCELLED("cancelled"),
    ERROR("error");

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED, ERROR),
            // RUNNING -> QUEUED: a job whose worker died before it provably started runs again.
            RUNNING, EnumSet.of(COMPLETED, TIMED_OUT, CANCELLED, ERROR, QUEUED),
            COMPLETED, EnumSet.noneOf(JobStatus.class),
            TIMED_OUT, EnumSet.noneOf(JobStatus.class),
            CANCELLED, EnumSet.noneOf(JobStatus.class),
            ERROR, EnumSet.noneOf(JobStatus.class));

    private final String wireName;

    JobStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isFinal() {
        return ALLOWED.get(this).isEmpty();
    }

    public boolean canMoveTo(JobStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Throws when the move is not an edge of the state machine. */
    public void checkMoveTo(JobStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalJobTransitionException(this, next);
        }
    }

    public static JobStatus fromWireName(String name) {
        for (JobStatus status : values()) {
            if (status.wireName.equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown job status: " + name);
    }
}
