package dev.boxcar.it.fuzz;

import static dev.boxcar.it.fuzz.JsonGrammar.array;
import static dev.boxcar.it.fuzz.JsonGrammar.literal;
import static dev.boxcar.it.fuzz.JsonGrammar.number;
import static dev.boxcar.it.fuzz.JsonGrammar.object;
import static dev.boxcar.it.fuzz.JsonGrammar.string;
import static dev.boxcar.it.fuzz.JsonGrammar.stringMap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every endpoint of API.md with its path (slots in braces), the query parameters it knows and the
 * grammar of its body. Commands in valid bodies are quick ({@code true}, {@code echo}), so what
 * the fuzz gets accepted costs the workers little.
 */
final class Endpoints {
    private Endpoints() {
    }

    record Endpoint(String method, String path, List<String> query, JsonGrammar.Shape body, boolean rawBody) {
    }

    private static final JsonGrammar.Shape FILE = object(ordered(
            "path", string("a.txt", "sub/b.txt", "/tmp/c", "../x", ""),
            "content", string("x", "print(1)", "aGk="),
            "encoding", string("utf8", "base64", "latin1"),
            "mode", string("0644", "0755", "999", "abc")));

    private static final JsonGrammar.Shape TEST_CASE = object(ordered(
            "name", string("t1", "", "a b"),
            "stdin", string("1 2\n", ""),
            "expectedStdout", string("3\n", ""),
            "timeoutMs", number(-5, 700_000)));

    private static final Map<String, JsonGrammar.Shape> EXEC_FIELDS = ordered(
            "command", string("true", "echo hi", "exit 3", ""),
            "argv", array(string("true", "echo", "x", ""), 3),
            "cwd", string("/workspace", "/tmp", "rel", ""),
            "env", stringMap(),
            "stdin", string("", "1 2\n"),
            "files", array(FILE, 2),
            "timeoutMs", number(-10, 700_000),
            "expectedStdout", string("hi\n", ""),
            "compare", string("trim", "exact", "fuzzy"),
            "build", string("true", ""),
            "tests", array(TEST_CASE, 2),
            "stopOnFirstFailure", literal("true", "false", "1"));

    private static final JsonGrammar.Shape SANDBOX_EXEC = object(EXEC_FIELDS);

    private static final JsonGrammar.Shape THROWAWAY_EXEC = object(with(EXEC_FIELDS,
            "image", string("default", "missing", "ubuntu", ""),
            "memoryMb", number(0, 20_000),
            "cpus", literal("0.05", "0.5", "1", "16", "17", "-1"),
            "pids", number(0, 5000)));

    private static final JsonGrammar.Shape BATCH = object(ordered(
            "jobs", array(object(with(EXEC_FIELDS, "sandboxId", string("fz-batch", "BAD ID", ""))), 3),
            "callbackUrl", string("http://127.0.0.1:9/cb", "http://127.0.0.1:5432/", "ftp://x", "not a url", "")));

    private static final JsonGrammar.Shape SANDBOX = object(ordered(
            "image", string("default", "missing", "other"),
            "env", stringMap(),
            "memoryMb", number(0, 20_000),
            "cpus", literal("0.05", "0.1", "1.0", "16", "16.5"),
            "pids", number(0, 5000),
            "network", string("none", "bridge", "host"),
            "user", string("sandbox", "root", "admin"),
            "idleTimeoutSeconds", number(0, 700_000)));

    private static final JsonGrammar.Shape PROCESS = object(ordered(
            "command", string("true", "echo started", ""),
            "argv", array(string("true", "echo", ""), 3),
            "cwd", string("/workspace", "/nope", ""),
            "env", stringMap(),
            "name", string("p1", "P1", "x".repeat(70), "")));

    private static final JsonGrammar.Shape PORT = object(ordered(
            "port", number(-1, 70_000),
            "name", string("web", "")));

    static final List<Endpoint> ALL = List.of(
            new Endpoint("PUT", "/api/v1/sandboxes/{sb}", List.of(), SANDBOX, false),
            new Endpoint("GET", "/api/v1/sandboxes/{sb}", List.of(), null, false),
            new Endpoint("DELETE", "/api/v1/sandboxes/{sb}", List.of(), null, false),
            new Endpoint("GET", "/api/v1/sandboxes", List.of("limit", "cursor"), null, false),
            new Endpoint("POST", "/api/v1/sandboxes/{sb}/exec", List.of("wait"), SANDBOX_EXEC, false),
            new Endpoint("POST", "/api/v1/exec", List.of("wait"), THROWAWAY_EXEC, false),
            new Endpoint("GET", "/api/v1/jobs/{job}", List.of("wait"), null, false),
            new Endpoint("GET", "/api/v1/jobs", List.of("limit", "cursor", "sandboxId", "status", "batchId"), null, false),
            new Endpoint("DELETE", "/api/v1/jobs/{job}", List.of(), null, false),
            new Endpoint("GET", "/api/v1/jobs/{unknown}/stream", List.of(), null, false),
            new Endpoint("POST", "/api/v1/sandboxes/{sb}/processes", List.of(), PROCESS, false),
            new Endpoint("GET", "/api/v1/sandboxes/{sb}/processes", List.of("limit", "cursor"), null, false),
            new Endpoint("GET", "/api/v1/sandboxes/{sb}/processes/{proc}", List.of(), null, false),
            new Endpoint("GET", "/api/v1/sandboxes/{sb}/processes/{proc}/logs",
                    List.of("stream", "tail", "afterOffset"), null, false),
            new Endpoint("GET", "/api/v1/sandboxes/{sb}/processes/{unknown}/logs/stream", List.of(), null, false),
            new Endpoint("DELETE", "/api/v1/sandboxes/{sb}/processes/{proc}", List.of("signal"), null, false),
            new Endpoint("PUT", "/api/v1/sandboxes/{sb}/files", List.of("path", "wait"), null, true),
            new Endpoint("GET", "/api/v1/sandboxes/{sb}/files", List.of("path", "wait"), null, false),
            new Endpoint("POST", "/api/v1/batches", List.of("wait"), BATCH, false),
            new Endpoint("GET", "/api/v1/batches/{batch}", List.of("wait"), null, false),
            new Endpoint("GET", "/api/v1/batches/{batch}/jobs", List.of("limit", "cursor"), null, false),
            new Endpoint("DELETE", "/api/v1/batches/{batch}", List.of(), null, false),
            new Endpoint("POST", "/api/v1/sandboxes/{sb}/ports", List.of(), PORT, false),
            new Endpoint("GET", "/api/v1/sandboxes/{sb}/ports", List.of(), null, false),
            new Endpoint("DELETE", "/api/v1/sandboxes/{sb}/ports/{port}", List.of(), null, false),
            new Endpoint("GET", "/health/live", List.of(), null, false),
            new Endpoint("GET", "/health/ready", List.of(), null, false));

    private static Map<String, JsonGrammar.Shape> ordered(Object... nameThenShape) {
        Map<String, JsonGrammar.Shape> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameThenShape.length; i += 2) {
            fields.put((String) nameThenShape[i], (JsonGrammar.Shape) nameThenShape[i + 1]);
        }
        return fields;
    }

    private static Map<String, JsonGrammar.Shape> with(Map<String, JsonGrammar.Shape> base, Object... more) {
        Map<String, JsonGrammar.Shape> fields = new LinkedHashMap<>(base);
        fields.putAll(ordered(more));
        return fields;
    }
}
