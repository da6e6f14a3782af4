package dev.boxcar.client;

/**
 * A wait the caller bounded ran out before there was anything to return (e.g. a file read still
 * pending at the deadline). Waits that can return the object in its current state do that instead.
 */
public class BoxcarTimeoutException extends BoxcarException {
    public BoxcarTimeoutException(String message) {
        super(message);
    }
}
