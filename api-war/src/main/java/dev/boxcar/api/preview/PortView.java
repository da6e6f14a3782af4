package dev.boxcar.api.preview;

/** API.md "Ports": an exposed port and the preview URL that reaches it. */
public record PortView(int port, String name, String url, String createdAt) {
}
