package dev.boxcar.api.process;

import dev.boxcar.api.json.ClientIds;
import dev.boxcar.api.json.FieldErrors;
import dev.boxcar.api.json.ObjectReader;
import dev.boxcar.api.sandbox.EnvNames;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The body of {@code POST /sandboxes/{id}/processes}: {@code command} or {@code argv}, cwd, env, name. */
public record ProcessRequest(String command, List<String> argv, String cwd, Map<String, String> env, String name) {
    private static final Set<String> FIELDS = Set.of("command", "argv", "cwd", "env", "name");

    public static ProcessRequest read(JsonObject body) {
        FieldErrors errors = new FieldErrors();
        ObjectReader r = new ObjectReader(body, "", errors, FIELDS);
        String command = r.string("command");
        List<String> argv = r.stringList("argv");
        if (r.has("command") == r.has("argv")) {
            errors.add("command", "give exactly one of command or argv");
        } else if ((command != null && command.isEmpty()) || (argv != null && (argv.isEmpty() || argv.get(0).isEmpty()))) {
            errors.add(command != null ? "command" : "argv", "must name the program to run");
        }
        String cwd = r.string("cwd");
        if (cwd != null && !cwd.startsWith("/")) {
            errors.add("cwd", "must be an absolute path");
        }
        Map<String, String> env = r.stringMap("env");
        EnvNames.check(env, "env", errors);
        String name = r.string("name");
        if (name != null && !ClientIds.isValid(name)) {
            errors.add("name", "must match ^[a-z0-9][a-z0-9._-]{0,62}$");
        }
        errors.throwIfAny();
        return new ProcessRequest(command, argv, cwd, env, name);
    }

    /** The argv the agent runs: a command string goes through {@code /bin/sh -c}. */
    public List<String> effectiveArgv() {
        return command != null ? List.of("/bin/sh", "-c", command) : argv;
    }

    /** API.md: {@code command} is the argv joined by spaces when started with argv. */
    public String displayCommand() {
        return command != null ? command : String.join(" ", argv);
    }
}
