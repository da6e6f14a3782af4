package dev.boxcar.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/** Test-data builders for graded submissions in the languages the default image has. */
public final class Programs {
    private Programs() {
    }

    public static JsonObject python(String source, String stdin, String expected) {
        return single("python3 main.py", "main.py", source, stdin, expected);
    }

    public static JsonObject node(String source, String stdin, String expected) {
        return single("node main.js", "main.js", source, stdin, expected);
    }

    public static JsonObject shell(String script, String stdin, String expected) {
        return single("sh main.sh", "main.sh", script, stdin, expected);
    }

    /** A C program as a suite: gcc builds it once, then one case. */
    public static JsonObject cSuite(String source, String stdin, String expected) {
        return cSuite(source, Json.createArrayBuilder().add(testCase("t1", stdin, expected)).build(), false);
    }

    public static JsonObject cSuite(String source, JsonArray tests, boolean stopOnFirstFailure) {
        return Json.createObjectBuilder()
                .add("command", "./main")
                .add("build", "gcc -O2 -o main main.c")
                .add("files", Json.createArrayBuilder().add(file("main.c", source)))
                .add("tests", tests)
                .add("stopOnFirstFailure", stopOnFirstFailure)
                .build();
    }

    public static JsonObject testCase(String name, String stdin, String expected) {
        return Json.createObjectBuilder().add("name", name).add("stdin", stdin).add("expectedStdout", expected).build();
    }

    private static JsonObject single(String command, String fileName, String source, String stdin, String expected) {
        return Json.createObjectBuilder()
                .add("command", command)
                .add("files", Json.createArrayBuilder().add(file(fileName, source)))
                .add("stdin", stdin)
                .add("expectedStdout", expected)
                .build();
    }

    private static JsonObject file(String path, String content) {
        return Json.createObjectBuilder().add("path", path).add("content", content).build();
    }
}
