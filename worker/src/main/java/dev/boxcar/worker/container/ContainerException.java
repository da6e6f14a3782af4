package dev.boxcar.worker.container;

/** A container could not be created, started or reached; the message is meant for the user. */
public class ContainerException extends Exception {
    public ContainerException(String message) {
        super(message);
    }

    public ContainerException(String message, Throwable cause) {
        super(message, cause);
    }
}
