package dev.boxcar.worker.agent;

/**
 * An adopted run (a job whose first worker died) was started in this container before, and its
 * outcome is gone (the agent restarted, or forgot it): the job's fate cannot be known.
 */
public final class RunLostException extends AgentException {
    public RunLostException(String message) {
        super(message, true);
    }
}
