package dev.boxcar.worker.agent;

/** Nothing listens on the port a preview connection asked for (API.md "Ports": a 502 to the client). */
public final class PortClosedException extends AgentException {
    public PortClosedException(String message) {
        super(message, true);
    }
}
