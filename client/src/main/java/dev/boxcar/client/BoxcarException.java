package dev.boxcar.client;

/** Anything that went wrong in a Boxcar call; unchecked, like the failures of most HTTP clients. */
public class BoxcarException extends RuntimeException {
    public BoxcarException(String message) {
        super(message);
    }

    public BoxcarException(String message, Throwable cause) {
        super(message, cause);
    }
}
