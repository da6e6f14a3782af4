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
    private final boolean reuseContainers;

    /** {@code reuseContainers}: every job asks for {@code reuseContainer} (README "Reusing throw-away containers"). */
    GradingBatch(BoxcarClient client, boolean reuseContainers) {
        this.client = client;
        this.reuseContainers = reuseContainers;
    }

    /**
     * One submission of the mix: what Boxcar gets, the verdict it must give, and the same program
     * as one shell line for the baseline ({@link #dockerRunBaseline}).
     */
    record Submission(ExecRequest.Builder request, String verdict, String shell) {
    }

    /** The mix: submission {@code n} of {@link #SIZE}. */
    static Submission submission(int n) {
        return switch (n % 8) {
            case 0 -> single("python3 main.py", "main.py", "print(int(input()) + 1)", n + "\n", (n + 1) + "\n", "accepted");
            case 1 -> single("python3 main.py", "main.py", "print('nope')", "", "yes\n", "wrong_answer");
            case 2 -> single("node main.js", "main.js", "console.log(" + n + " * 2)", "", (n * 2) + "\n", "accepted");
            case 3 -> single("sh main.sh", "main.sh", "exit 3", "", "", "runtime_error");
            case 4 -> c("#include <stdio.h>\nint main(){printf(\"%d\\n\", " + n + ");return 0;}", n + "\n", "accepted");
            case 5 -> c("int main(){ return }", "", "compilation_error");
            case 6 -> {
                Submission loop = single("sh main.sh", "main.sh", "while :; do :; done", "", "", "time_limit_exceeded");
                yield new Submission(loop.request().timeoutMs(500), loop.verdict(),
                        loop.shell().replace("sh main.sh", "timeout 0.5 sh main.sh"));
            }
            default -> single("sh main.sh", "main.sh", "echo '  " + n + "  '", "", "  " + n + "\n", "accepted");
        };
    }

    /** Runs the batch; returns its wall time in milliseconds. */
    long run() {
        List<ExecRequest> jobs = new ArrayList<>();
        Map<String, Integer> expected = new TreeMap<>();
        for (int n = 0; n < SIZE; n++) {
            Submission submission = submission(n);
            jobs.add(reuseContainers ? submission.request().reuseContainer(true).build() : submission.request().build());
            expected.merge(submission.verdict(), 1, Integer::sum);
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

    private static Submission single(String command, String fileName, String source, String stdin, String expected,
                                     String verdict) {
        return new Submission(ExecRequest.command(command).file(fileName, source).stdin(stdin).expectedStdout(expected),
                verdict, written(fileName, source) + " && " + piped(stdin) + " | " + command);
    }

    private static Submission c(String source, String expected, String verdict) {
        return new Submission(ExecRequest.command("./main").buildStep("gcc -O2 -o main main.c").file("main.c", source)
                .test(TestCase.of("t1", "", expected)), verdict,
                written("main.c", source) + " && gcc -O2 -o main main.c && " + piped("") + " | ./main");
    }

    /** A shell command that writes {@code content} to {@code fileName} (base64: no quoting to get wrong). */
    private static String written(String fileName, String content) {
        return "cd /tmp && echo " + base64(content) + " | base64 -d > " + fileName;
    }

    private static String piped(String stdin) {
        return "echo " + base64(stdin) + " | base64 -d";
    }

    private static String base64(String text) {
        String encoded = java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return encoded.isEmpty() ? "''" : encoded;
    }

    /**
     * The baseline of the batch (issue #16): the same {@link #SIZE} programs, each in a container
     * of its own by {@code docker run --rm} with the limits of a throw-away job (512 MiB, 1 CPU,
     * 256 pids, network none, all capabilities dropped), eight at a time ({@code xargs -P 8});
     * returns the wall time in milliseconds. Only the programs run: nothing grades them.
     */
    static long dockerRunBaseline(String image, java.nio.file.Path workDir) {
        try {
            java.nio.file.Files.createDirectories(workDir);
            StringBuilder lines = new StringBuilder();
            for (int n = 0; n < SIZE; n++) {
                java.nio.file.Path script = workDir.resolve("job-" + n + ".sh");
                java.nio.file.Files.writeString(script, "docker run --rm --network none --memory 512m --cpus 1 "
                        + "--pids-limit 256 --cap-drop ALL --security-opt no-new-privileges --label boxcar.bench=true "
                        + image + " sh -c '" + submission(n).shell() + "' >/dev/null 2>&1 || true\n");
                lines.append(script).append('\n');
            }
            java.nio.file.Files.writeString(workDir.resolve("jobs"), lines);
            long start = System.nanoTime();
            Host.run(List.of("sh", "-c", "xargs -P 8 -n 1 sh < " + workDir.resolve("jobs")), 1800);
            return (System.nanoTime() - start) / 1_000_000;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write the baseline's scripts: " + e.getMessage(), e);
        }
    }
}
