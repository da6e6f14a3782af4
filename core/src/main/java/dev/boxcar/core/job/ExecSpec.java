package dev.boxcar.core.job;

import java.util.List;
import java.util.Map;

/**
 * What an exec job must run, as the API validated it and stored it in {@code jobs.request}.
 * Exactly one of {@code command} / {@code argv} is set. Throw-away jobs also carry their
 * container limits; sandbox jobs take limits from the sandbox.
 */
public record ExecSpec(
        String command,
        List<String> argv,
        String cwd,
        Map<String, String> env,
        String stdin,
        List<FileSpec> files,
        long timeoutMs,
        String image,
        Integer memoryMb,
        Double cpus,
        Integer pids) {

    public static final String DEFAULT_CWD = "/workspace";

    /** A file written before the command runs; {@code content} is decoded per {@code encoding}. */
    public record FileSpec(String path, String content, String encoding, String mode) {
    }

    /** The argv the agent runs: a command string goes through {@code /bin/sh -c}. */
    public List<String> effectiveArgv() {
        return command != null ? List.of("/bin/sh", "-c", command) : argv;
    }

    public String effectiveCwd() {
        return cwd == null ? DEFAULT_CWD : cwd;
    }
}
