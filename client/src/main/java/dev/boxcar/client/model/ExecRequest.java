package dev.boxcar.client.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of an exec job (API.md "Exec jobs"), for a sandbox, a throw-away container or a batch
 * item. Build one with {@link #command(String)} or {@link #argv(String...)}:
 *
 * <pre>{@code
 * ExecRequest.command("python3 main.py")
 *         .file(FileSpec.text("main.py", "print(input())"))
 *         .stdin("42\n").expectedStdout("42\n").timeoutMs(5_000)
 *         .build();
 * }</pre>
 *
 * <p>{@code image}, {@code memoryMb}, {@code cpus}, {@code pids} and {@code reuseContainer} belong to throw-away jobs (and
 * batch items without a sandbox); {@code sandboxId} belongs to batch items only. The server answers
 * 400 to a field that does not belong to the endpoint, as it does to any unknown field.
 */
public record ExecRequest(String command, List<String> argv, String cwd, Map<String, String> env, String stdin,
                          List<FileSpec> files, Long timeoutMs, String expectedStdout, String compare, String build,
                          List<TestCase> tests, Boolean stopOnFirstFailure, String image, Integer memoryMb,
                          Double cpus, Integer pids, String sandboxId, Boolean reuseContainer) {

    /** A command run by {@code /bin/sh -c}. */
    public static Builder command(String command) {
        Builder builder = new Builder();
        builder.command = command;
        return builder;
    }

    /** A program and its arguments, run without a shell. */
    public static Builder argv(String... argv) {
        return argv(List.of(argv));
    }

    public static Builder argv(List<String> argv) {
        Builder builder = new Builder();
        builder.argv = List.copyOf(argv);
        return builder;
    }

    /** A builder holding this request's fields, to derive a variant of it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.command = command;
        b.argv = argv;
        b.cwd = cwd;
        b.env = env == null ? null : new LinkedHashMap<>(env);
        b.stdin = stdin;
        b.files = files == null ? null : new ArrayList<>(files);
        b.timeoutMs = timeoutMs;
        b.expectedStdout = expectedStdout;
        b.compare = compare;
        b.build = build;
        b.tests = tests == null ? null : new ArrayList<>(tests);
        b.stopOnFirstFailure = stopOnFirstFailure;
        b.image = image;
        b.memoryMb = memoryMb;
        b.cpus = cpus;
        b.pids = pids;
        b.sandboxId = sandboxId;
        b.reuseContainer = reuseContainer;
        return b;
    }

    /** Builds an {@link ExecRequest}; fields left unset are not sent (the server's defaults apply). */
    public static final class Builder {
        private String command;
        private List<String> argv;
        private String cwd;
        private Map<String, String> env;
        private String stdin;
        private List<FileSpec> files;
        private Long timeoutMs;
        private String expectedStdout;
        private String compare;
        private String build;
        private List<TestCase> tests;
        private Boolean stopOnFirstFailure;
        private String image;
        private Integer memoryMb;
        private Double cpus;
        private Integer pids;
        private String sandboxId;
        private Boolean reuseContainer;

        private Builder() {
        }

        /** Working directory (default {@code /workspace}). */
        public Builder cwd(String cwd) {
            this.cwd = cwd;
            return this;
        }

        /** Variables added to the sandbox's environment for this job only (replaces earlier calls). */
        public Builder env(Map<String, String> env) {
            this.env = new LinkedHashMap<>(env);
            return this;
        }

        public Builder env(String name, String value) {
            if (env == null) {
                env = new LinkedHashMap<>();
            }
            env.put(name, value);
            return this;
        }

        /** Text fed to stdin, which is closed after it (empty when absent). */
        public Builder stdin(String stdin) {
            this.stdin = stdin;
            return this;
        }

        /** Adds a file written before the command runs. */
        public Builder file(FileSpec file) {
            if (files == null) {
                files = new ArrayList<>();
            }
            files.add(file);
            return this;
        }

        /** Adds a text file written before the command runs. */
        public Builder file(String path, String content) {
            return file(FileSpec.text(path, content));
        }

        public Builder timeoutMs(long timeoutMs) {
            this.timeoutMs = timeoutMs;
            return this;
        }

        /** Makes it a graded job: stdout is compared with this (see {@link #compare(String)}). */
        public Builder expectedStdout(String expectedStdout) {
            this.expectedStdout = expectedStdout;
            return this;
        }

        /** {@code trim} (the default: trailing whitespace and blank lines ignored) or {@code exact}. */
        public Builder compare(String compare) {
            this.compare = compare;
            return this;
        }

        /**
         * The {@code build} field: a command run once before the test cases (e.g. a compiler); a
         * non-zero exit makes the job's verdict {@code compilation_error}.
         */
        public Builder buildStep(String build) {
            this.build = build;
            return this;
        }

        /** Adds a test case: the command then runs once per case (a test-suite job). */
        public Builder test(TestCase test) {
            if (tests == null) {
                tests = new ArrayList<>();
            }
            tests.add(test);
            return this;
        }

        public Builder tests(List<TestCase> tests) {
            this.tests = new ArrayList<>(tests);
            return this;
        }

        /** Skips the cases after the first one that is not accepted (their verdict: {@code skipped}). */
        public Builder stopOnFirstFailure(boolean stop) {
            this.stopOnFirstFailure = stop;
            return this;
        }

        /** Throw-away jobs: the image of the fresh container. */
        public Builder image(String image) {
            this.image = image;
            return this;
        }

        /** Throw-away jobs: the container's memory limit. */
        public Builder memoryMb(int memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }

        /** Throw-away jobs: the container's CPU limit. */
        public Builder cpus(double cpus) {
            this.cpus = cpus;
            return this;
        }

        /** Throw-away jobs: the container's process limit. */
        public Builder pids(int pids) {
            this.pids = pids;
            return this;
        }

        /** Batch items only: run in this sandbox instead of a throw-away container. */
        public Builder sandboxId(String sandboxId) {
            this.sandboxId = sandboxId;
            return this;
        }

        /**
         * Throw-away jobs (a Boxcar extension): the job may run in a container that an earlier job of
         * the same tenant and batch that asked too ran in, reset in between (README "Reusing throw-away containers").
         */
        public Builder reuseContainer(boolean reuseContainer) {
            this.reuseContainer = reuseContainer;
            return this;
        }

        public ExecRequest build() {
            return new ExecRequest(command, argv, cwd, env == null ? null : Map.copyOf(env), stdin,
                    files == null ? null : List.copyOf(files), timeoutMs, expectedStdout, compare, build,
                    tests == null ? null : List.copyOf(tests), stopOnFirstFailure, image, memoryMb, cpus, pids,
                    sandboxId, reuseContainer);
        }
    }
}
