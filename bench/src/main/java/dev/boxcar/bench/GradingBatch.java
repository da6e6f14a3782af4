package dev.boxcar.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * A 200-submission grading batch in throw-away containers, the mix of a programming course:
 * Python, Node.js, C (built with gcc), shell; right answers, wrong ones, crashes, compile errors,
 * endless loops. Wall time from submission to the batch being done; every verdict is checked.
 */
final class GradingBatch {
    static final int SIZE = 200;

    private final Api api;

    GradingBatch(Api api) {
        this.api = api;
    }

    /** Runs the batch; returns its wall time in milliseconds. */
    long run() {
        JsonArrayBuilder jobs = Json.createArrayBuilder();
        Map<String, Integer> expected = new TreeMap<>();
        for (int n = 0; n < SIZE; n++) {
            String verdict = switch (n % 8) {
                case 0 -> add(jobs, single("python3 main.py", "main.py", "print(int(input()) + 1)", n + "\n", (n + 1) + "\n"), "accepted");
                case 1 -> add(jobs, single("python3 main.py", "main.py", "print('nope')", "", "yes\n"), "wrong_answer");
                case 2 -> add(jobs, single("node main.js", "main.js", "console.log(" + n + " * 2)", "", (n * 2) + "\n"), "accepted");
                case 3 -> add(jobs, single("sh main.sh", "main.sh", "exit 3", "", ""), "runtime_error");
                case 4 -> add(jobs, c("#include <stdio.h>\nint main(){printf(\"%d\\n\", " + n + ");return 0;}", n + "\n"), "accepted");
                case 5 -> add(jobs, c("int main(){ return }", ""), "compilation_error");
                case 6 -> add(jobs, single("sh main.sh", "main.sh", "while :; do :; done", "", "").add("timeoutMs", 500), "time_limit_exceeded");
                default -> add(jobs, single("sh main.sh", "main.sh", "echo '  " + n + "  '", "", "  " + n + "\n"), "accepted");
            };
            expected.merge(verdict, 1, Integer::sum);
        }
        long start = System.nanoTime();
        String batchId = Api.expect(202, api.post("/batches", Json.createObjectBuilder().add("jobs", jobs).build().toString()),
                "submit the batch").json().getString("id");
        JsonObject batch;
        do {
            batch = api.get("/batches/" + batchId + "?wait=30").json();
        } while (!batch.getBoolean("done"));
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        JsonObject verdicts = batch.getJsonObject("verdicts");
        expected.forEach((verdict, count) -> {
            if (verdicts.getInt(verdict) != count) {
                throw new IllegalStateException("batch verdicts wrong: expected " + expected + ", got " + verdicts);
            }
        });
        return wallMs;
    }

    private static String add(JsonArrayBuilder jobs, JsonObjectBuilder job, String verdict) {
        jobs.add(job);
        return verdict;
    }

    private static JsonObjectBuilder single(String command, String fileName, String source, String stdin, String expected) {
        return Json.createObjectBuilder()
                .add("command", command)
                .add("files", Json.createArrayBuilder().add(file(fileName, source)))
                .add("stdin", stdin)
                .add("expectedStdout", expected);
    }

    private static JsonObjectBuilder c(String source, String expected) {
        return Json.createObjectBuilder()
                .add("command", "./main")
                .add("build", "gcc -O2 -o main main.c")
                .add("files", Json.createArrayBuilder().add(file("main.c", source)))
                .add("tests", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("name", "t1").add("stdin", "").add("expectedStdout", expected)));
    }

    private static JsonObjectBuilder file(String path, String content) {
        return Json.createObjectBuilder().add("path", path).add("content", content);
    }
}
