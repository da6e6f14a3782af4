package dev.boxcar.api.files;

import dev.boxcar.api.problem.Problems;
import java.nio.file.Path;

/** API.md "Files": a path is absolute, or relative to /workspace without climbing out of it. */
public final class SandboxPaths {
    private static final Path WORKSPACE = Path.of("/workspace");

    private SandboxPaths() {
    }

    public static String resolve(String path) {
        if (path == null || path.isEmpty()) {
            throw Problems.invalidField("path", "is required");
        }
        if (path.indexOf('\0') >= 0) {
            throw Problems.invalidField("path", "must not contain NUL characters");
        }
        if (path.startsWith("/")) {
            return Path.of(path).normalize().toString();
        }
        Path resolved = WORKSPACE.resolve(path).normalize();
        if (!resolved.startsWith(WORKSPACE) || resolved.equals(WORKSPACE)) {
            throw Problems.invalidField("path", "a relative path must stay inside /workspace");
        }
        return resolved.toString();
    }
}
