package dev.boxcar.api.idempotency;

/** What a key was used for: the answer's status and the object it created. */
public record IdempotencyRecord(String requestHash, int statusCode, String objectType, String objectId) {
}
