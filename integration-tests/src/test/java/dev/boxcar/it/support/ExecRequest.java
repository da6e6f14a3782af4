package dev.boxcar.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;

/** Test-data builder for exec bodies: {@code ExecRequest.command("echo hi").timeoutMs(2000).json()}. */
public final class ExecRequest {
    private final JsonObjectBuilder body = Json.createObjectBuilder();
    private JsonArrayBuilder files;

    private ExecRequest() {
    }

    public static ExecRequest command(String command) {
        ExecRequest r = new ExecRequest();
        r.body.add("command", command);
        return r;
    }

    public static ExecRequest argv(String... argv) {
        ExecRequest r = new ExecRequest();
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (String a : argv) {
            array.add(a);
        }
        r.body.add("argv", array);
        return r;
    }

    public ExecRequest stdin(String stdin) {
        body.add("stdin", stdin);
        return this;
    }

    public ExecRequest cwd(String cwd) {
        body.add("cwd", cwd);
        return this;
    }

    public ExecRequest timeoutMs(long timeoutMs) {
        body.add("timeoutMs", timeoutMs);
        return this;
    }

    public ExecRequest env(Map<String, String> env) {
        JsonObjectBuilder map = Json.createObjectBuilder();
        env.forEach(map::add);
        body.add("env", map);
        return this;
    }

    public ExecRequest file(String path, String content) {
        if (files == null) {
            files = Json.createArrayBuilder();
        }
        files.add(Json.createObjectBuilder().add("path", path).add("content", content));
        return this;
    }

    public ExecRequest with(String field, int value) {
        body.add(field, value);
        return this;
    }

    public ExecRequest with(String field, String value) {
        body.add(field, value);
        return this;
    }

    public String json() {
        if (files != null) {
            body.add("files", files);
            files = null;
        }
        return body.build().toString();
    }
}
