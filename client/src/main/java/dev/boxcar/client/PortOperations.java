package dev.boxcar.client;

import dev.boxcar.client.model.ExposedPort;
import java.util.List;
import java.util.Map;

/**
 * Preview URLs for ports inside a sandbox (API.md "Ports"): a server listening on
 * {@code 127.0.0.1:<port>} in the sandbox is reached through Boxcar, also with network none.
 */
public final class PortOperations {
    private final ApiCalls api;

    PortOperations(ApiCalls api) {
        this.api = api;
    }

    /** Exposes a port (the sandbox must exist); exposing it again gives the same object. */
    public ExposedPort expose(String sandboxId, int port) {
        return expose(sandboxId, port, null);
    }

    /** {@link #expose(String, int)} with a label. */
    public ExposedPort expose(String sandboxId, int port, String name) {
        Map<String, Object> body = name == null ? Map.of("port", port) : Map.of("port", port, "name", name);
        return api.read(Call.postJson(ports(sandboxId), body, null), ExposedPort.class);
    }

    /** The sandbox's exposed ports, in port order. */
    public List<ExposedPort> list(String sandboxId) {
        return api.page(ports(sandboxId), ExposedPort.class).items();
    }

    /** Closes a port: its URL answers 404 from now on. A port that is not exposed is a 404. */
    public void close(String sandboxId, int port) {
        api.transport().exchange(Call.delete(ports(sandboxId) + "/" + port));
    }

    private static String ports(String sandboxId) {
        return SandboxOperations.path(sandboxId) + "/ports";
    }
}
