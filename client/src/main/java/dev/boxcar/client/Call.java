package dev.boxcar.client;

import java.time.Duration;

/**
 * One API request as the operations describe it, before the transport picks a server for it.
 *
 * @param pathAndQuery   under {@code /api/v1}, already encoded (see {@link UrlParts})
 * @param body           null for none
 * @param idempotencyKey sent as {@code Idempotency-Key}; null for none
 * @param serverWait     how long the server may hold the answer ({@code ?wait=N}); added to the timeout
 */
record Call(String method, String pathAndQuery, byte[] body, String contentType, String accept, String idempotencyKey,
            Duration serverWait) {

    static Call get(String pathAndQuery) {
        return new Call("GET", pathAndQuery, null, null, "application/json", null, Duration.ZERO);
    }

    static Call delete(String pathAndQuery) {
        return new Call("DELETE", pathAndQuery, null, null, "application/json", null, Duration.ZERO);
    }

    static Call putJson(String pathAndQuery, Object body) {
        return new Call("PUT", pathAndQuery, JsonMapping.toJson(body), "application/json", "application/json", null,
                Duration.ZERO);
    }

    static Call postJson(String pathAndQuery, Object body, String idempotencyKey) {
        return new Call("POST", pathAndQuery, JsonMapping.toJson(body), "application/json", "application/json",
                idempotencyKey, Duration.ZERO);
    }

    Call waitingUpTo(Duration wait) {
        return new Call(method, pathAndQuery, body, contentType, accept, idempotencyKey, wait);
    }

    Call accepting(String mediaType) {
        return new Call(method, pathAndQuery, body, contentType, mediaType, idempotencyKey, serverWait);
    }

    /**
     * Whether sending it twice is harmless: GET, PUT and DELETE are idempotent by HTTP's
     * definition (and Boxcar's), a POST only when it carries an Idempotency-Key (the server then
     * answers a repeat with the first outcome and creates nothing new).
     */
    boolean isSafeToRepeat() {
        return !"POST".equals(method) || idempotencyKey != null;
    }
}
