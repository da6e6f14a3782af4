package dev.boxcar.worker.agent;

/**
 * Nothing took the connection at the agent's socket (no socket file, or no agent listening behind
 * it): the request was never sent, so it can be sent again once the container runs (its agent
 * died, or the container was stopped or removed behind the worker's back).
 */
public final class AgentUnreachableException extends AgentException {
    public AgentUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
