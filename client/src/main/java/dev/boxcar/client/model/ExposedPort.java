package dev.boxcar.client.model;

import java.time.Instant;

/**
 * A port inside a sandbox reachable through its preview URL (API.md "Ports").
 *
 * @param url the preview URL: no API token needed, its own unguessable token is in it
 */
public record ExposedPort(int port, String name, String url, Instant createdAt) {
}
