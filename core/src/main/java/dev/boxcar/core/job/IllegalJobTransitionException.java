package dev.boxcar.core.job;

/** A status change that the job state machine does not allow (a programming error). */
public class IllegalJobTransitionException extends IllegalStateException {
    public IllegalJobTransitionException(JobStatus from, JobStatus to) {
        super("job cannot move from " + from.wireName() + " to " + to.wireName());
    }
}
