package dev.boxcar.worker.agent;

/** The agent could not be reached or did not do what was asked. */
public class AgentException extends Exception {
    public AgentException(String message) {
        super(message);
    }

    public AgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
