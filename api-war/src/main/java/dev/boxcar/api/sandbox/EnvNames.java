package dev.boxcar.api.sandbox;

import dev.boxcar.api.json.FieldErrors;
import java.util.Map;
import java.util.regex.Pattern;

/** Environment variable names a process can actually receive: no '=', no NUL, not empty. */
public final class EnvNames {
    private static final Pattern NAME = Pattern.compile("^[^=\\x00]+$");

    private EnvNames() {
    }

    public static void check(Map<String, String> env, String field, FieldErrors errors) {
        if (env == null) {
            return;
        }
        env.forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                errors.add(field + "." + name, "is not a valid environment variable name");
            } else if (value.indexOf('\0') >= 0) {
                errors.add(field + "." + name, "must not contain NUL characters");
            }
        });
    }
}
