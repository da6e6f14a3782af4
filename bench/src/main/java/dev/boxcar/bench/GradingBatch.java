package dev.boxcar.bench;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.model.Batch;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.TestCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A 200-submission grading batch in throw-away containers, the mix of a programming course:
 * Python, Node.js, C (built with gcc), shell; right answers, wrong ones, crashes, compile errors,
 * endless loops. Wall time from submission to the batch being done; every verdict is checked.
 * Through the Java client, as a grading service would do it: a wall time of many seconds is not
 * moved by the client's own overhead of a few milliseconds.
 */
final class GradingBatch {
    static final int SIZE = 200;

    private final BoxcarClient client;

    GradingBatch(BoxcarClient client) {
        this.client = client;
    }

    /** Runs the batch; returns its wall time in milliseconds. */
    long run() {
        List<ExecRequest> jobs = new ArrayList<>();
        Map<String, Integer> expected = new TreeMap<>();
        for (int n = 0; n < SIZE; n++) {
            String verdict = switch (n % 8) {
                case 0 -> add(jobs, single("python3 main.py", "main.py", "print(int(input()) + 1)", n + "\n", (n + 1) + "\n"), "accepted");
                case 1 -> add(jobs, single("python3 main.py", "main.py", "print('nope')", "", "yes\n"), "wrong_answer");
                case 2 -> add(jobs, single("node main.js", "main.js", "console.log(" + n + " * 2)", "", (n * 2) + "\n"), "accepted");
                case 3 -> add(jobs, single("sh main.sh", "main.sh", "exit 3", "", ""), "runtime_error");
                case 4 -> add(jobs, c("#include <stdio.h>\nint main(){printf(\"%d\\n\", " + n + ");return 0;}", n + "\n"), "accepted");
                case 5 -> add(jobs, c("int main(){ return }", ""), "compilation_error");
                case 6 -> add(jobs, single("sh main.sh", "main.sh", "while :; do :; done", "", "").timeoutMs(500), "time_limit_exceeded");
                default -> add(jobs, single("sh main.sh", "main.sh", "echo '  " + n + "  '", "", "  " + n + "\n"), "accepted");
            };
            expected.merge(verdict, 1, Integer::sum);
        }
        long start = System.nanoTime();
        String batchId = client.batches().submit(jobs).id();
        Batch batch = client.batches().await(batchId, Duration.ofMinutes(30));
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        if (!batch.done()) {
            throw new IllegalStateException("the batch was not done within 30 minutes: " + batch);
        }
        expected.forEach((verdict, count) -> {
            if (batch.verdictCount(verdict) != count) {
                throw new IllegalStateException("batch verdicts wrong: expected " + expected + ", got " + batch.verdicts());
            }
        });
        return wallMs;
    }

    private static String add(List<ExecRequest> jobs, ExecRequest.Builder job, String verdict) {
        jobs.add(job.build());
        return verdict;
    }

    private static ExecRequest.Builder single(String command, String fileName, String source, String stdin, String expected) {
        return ExecRequest.command(command).file(fileName, source).stdin(stdin).expectedStdout(expected);
    }

    private static ExecRequest.Builder c(String source, String expected) {
        return ExecRequest.command("./main").buildStep("gcc -O2 -o main main.c").file("main.c", source)
                .test(TestCase.of("t1", "", expected));
    }
}
