package dev.boxcar.api.idempotency;

/** What a key was used for: {@code statusCode} 0 while the first request is still being handled. */
public record IdempotencyRecord(String requestHash, int statusCode, String objectType, String objectId) {

    public boolean inProgress() {
        return statusCode == 0;
    }
}
