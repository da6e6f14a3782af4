/**
 * {@code Idempotency-Key} on POSTs (API.md): a repeat by the same tenant within 24 h returns the
 * original object in its current state and creates nothing; the same key with a different
 * request is 422. Keys are reserved before the work so that two racing repeats cannot both create.
 */
package dev.boxcar.api.idempotency;
