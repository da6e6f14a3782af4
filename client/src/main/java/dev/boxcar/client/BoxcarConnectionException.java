package dev.boxcar.client;

/**
 * No answer could be had from any API server: connection refused or reset, or the request timed
 * out, after the retries the {@link RetryPolicy} allowed (or at once, when retrying was not safe).
 */
public class BoxcarConnectionException extends BoxcarException {
    public BoxcarConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
