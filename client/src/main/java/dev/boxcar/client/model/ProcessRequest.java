package dev.boxcar.client.model;

import java.util.List;
import java.util.Map;

/**
 * Starts a background process ({@code POST /sandboxes/{id}/processes}): exactly one of
 * {@code command} (run by {@code /bin/sh -c}) and {@code argv}; {@code name} is optional and
 * unique among the sandbox's live processes, and can be used instead of the id afterwards.
 */
public record ProcessRequest(String command, List<String> argv, String cwd, Map<String, String> env, String name) {

    public static ProcessRequest command(String command) {
        return new ProcessRequest(command, null, null, null, null);
    }

    public static ProcessRequest argv(String... argv) {
        return new ProcessRequest(null, List.of(argv), null, null, null);
    }

    public ProcessRequest name(String name) {
        return new ProcessRequest(command, argv, cwd, env, name);
    }

    public ProcessRequest cwd(String cwd) {
        return new ProcessRequest(command, argv, cwd, env, name);
    }

    public ProcessRequest env(Map<String, String> env) {
        return new ProcessRequest(command, argv, cwd, Map.copyOf(env), name);
    }
}
