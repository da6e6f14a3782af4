package dev.boxcar.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS at the root: resources live under {@code /api/v1} and {@code /health} (API.md). */
@ApplicationPath("/")
public class BoxcarApplication extends Application {
}
