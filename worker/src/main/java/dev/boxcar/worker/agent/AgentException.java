package dev.boxcar.worker.agent;

/** The agent could not be reached or did not do what was asked. */
public class AgentException extends Exception {
    private final boolean refused;

    public AgentException(String message) {
        this(message, false);
    }

    /** {@code refused}: the agent answered, but could not do it (e.g. the program does not exist). */
    public AgentException(String message, boolean refused) {
        super(message);
        this.refused = refused;
    }

    public boolean refused() {
        return refused;
    }

    public AgentException(String message, Throwable cause) {
        super(message, cause);
        this.refused = false;
    }
}
