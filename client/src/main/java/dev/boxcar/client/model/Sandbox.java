package dev.boxcar.client.model;

import java.time.Instant;
import java.util.Map;

/**
 * A long-lived container of one tenant (API.md "Sandboxes").
 *
 * @param status {@code pending}, {@code running}, {@code stopped}, {@code destroying}, {@code destroyed},
 *               {@code failed} or {@code lost}
 * @param error  why the sandbox is {@code failed}, else null
 * @param host   the Docker host it lives on, when the server tells (may be null)
 */
public record Sandbox(String id, String image, String status, Map<String, String> env, Integer memoryMb, Double cpus,
                      Integer pids, String network, String user, Integer idleTimeoutSeconds, Instant createdAt,
                      Instant lastUsedAt, String error, String host) {
}
