package dev.boxcar.worker.container;

import java.nio.file.Path;

/** A started container whose agent answers on {@code agentSocket}. */
public record RunningContainer(String id, String name, Path agentSocket) {
}
