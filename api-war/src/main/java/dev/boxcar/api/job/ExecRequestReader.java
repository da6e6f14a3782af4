package dev.boxcar.api.job;

import dev.boxcar.api.json.FieldErrors;
import dev.boxcar.api.json.ObjectReader;
import dev.boxcar.api.sandbox.EnvNames;
import dev.boxcar.core.grading.Grading;
import dev.boxcar.core.job.ExecSpec;
import dev.boxcar.core.sandbox.SandboxDefaults;
import jakarta.json.JsonObject;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and validates the body of an exec submission (API.md "Exec jobs") into an {@link ExecSpec}. */
public final class ExecRequestReader {
    private static final Set<String> SANDBOX_FIELDS = Set.of("command", "argv", "cwd", "env", "stdin", "files",
            "timeoutMs", "expectedStdout", "compare", "build", "tests", "stopOnFirstFailure");
    private static final Set<String> THROWAWAY_FIELDS = union(SANDBOX_FIELDS, Set.of("image", "memoryMb", "cpus", "pids",
            "reuseContainer"));
    private static final Set<String> FILE_FIELDS = Set.of("path", "content", "encoding", "mode");
    private static final Set<String> TEST_FIELDS = Set.of("name", "stdin", "expectedStdout", "timeoutMs");
    /** A batch item: the throw-away body plus the sandbox it runs in (absent: a throw-away container). */
    public static final Set<String> BATCH_ITEM_FIELDS = union(THROWAWAY_FIELDS, Set.of("sandboxId"));

    private ExecRequestReader() {
    }

    /** An exec in a named sandbox: limits come from the sandbox. */
    public static ExecSpec forSandbox(JsonObject body) {
        FieldErrors errors = new FieldErrors();
        ExecSpec spec = read(new ObjectReader(body, "", errors, SANDBOX_FIELDS), null);
        errors.throwIfAny();
        return spec;
    }

    /** A throw-away exec ({@code POST /exec}): may name an allowed image and its own limits. */
    public static ExecSpec forThrowaway(JsonObject body, Set<String> images) {
        FieldErrors errors = new FieldErrors();
        ExecSpec spec = read(new ObjectReader(body, "", errors, THROWAWAY_FIELDS), images);
        errors.throwIfAny();
        return spec;
    }

    /**
     * Reads an exec body with an existing reader (for batch items, whose errors are named
     * {@code jobs[i].field}); {@code images} null means sandbox limits apply.
     */
    public static ExecSpec read(ObjectReader r, Set<String> images) {
        String command = r.string("command");
        List<String> argv = r.stringList("argv");
        if (r.has("command") == r.has("argv")) {
            r.errors().add(r.name("command"), "give exactly one of command or argv");
        }
        if (command != null && command.isEmpty()) {
            r.errors().add(r.name("command"), "must not be empty");
        }
        if (argv != null && (argv.isEmpty() || argv.get(0).isEmpty())) {
            r.errors().add(r.name("argv"), "must start with the program to run");
        }
        String cwd = r.string("cwd");
        if (cwd != null && !cwd.startsWith("/")) {
            r.errors().add(r.name("cwd"), "must be an absolute path");
        }
        var env = r.stringMap("env");
        EnvNames.check(env, r.name("env"), r.errors());
        String stdin = r.text("stdin");
        List<ExecSpec.FileSpec> files = r.objectList("files", FILE_FIELDS, ExecRequestReader::readFile);
        Long timeoutMs = r.wholeNumber("timeoutMs", SandboxDefaults.TIMEOUT_MS_MIN, SandboxDefaults.TIMEOUT_MS_MAX);
        String image = null;
        Long memoryMb = null;
        Double cpus = null;
        Long pids = null;
        Boolean reuseContainer = null;
        if (images != null) {
            reuseContainer = r.bool("reuseContainer");
            image = r.oneOf("image", images);
            memoryMb = r.wholeNumber("memoryMb", SandboxDefaults.MEMORY_MB_MIN, SandboxDefaults.MEMORY_MB_MAX);
            cpus = r.decimal("cpus", SandboxDefaults.CPUS_MIN, SandboxDefaults.CPUS_MAX);
            pids = r.wholeNumber("pids", SandboxDefaults.PIDS_MIN, SandboxDefaults.PIDS_MAX);
        }
        return new ExecSpec(command, argv, cwd, env, stdin, files,
                timeoutMs == null ? SandboxDefaults.TIMEOUT_MS : timeoutMs,
                image, memoryMb == null ? null : memoryMb.intValue(), cpus, pids == null ? null : pids.intValue(),
                readGrading(r), reuseContainer);
    }

    /**
     * Test cases per job: each keeps up to two capped output streams in the job's result, which
     * is one row and one answer, so their number is bounded.
     */
    static final int MAX_TEST_CASES = 100;

    /** Null for a plain job; a graded job has expectedStdout, a test-suite job has tests. */
    private static Grading readGrading(ObjectReader r) {
        String expected = r.text("expectedStdout");
        String compare = r.oneOf("compare", Set.of(Grading.TRIM, Grading.EXACT));
        String build = r.string("build");
        Boolean stop = r.bool("stopOnFirstFailure");
        List<Grading.TestCase> tests = r.objectList("tests", TEST_FIELDS, ExecRequestReader::readTest);
        if (tests != null && tests.isEmpty() && r.errors().isEmpty()) {
            r.errors().add(r.name("tests"), "needs at least one test case");
        }
        if (tests != null && tests.size() > MAX_TEST_CASES) {
            r.errors().add(r.name("tests"), "at most " + MAX_TEST_CASES + " test cases per job (split the suite)");
        }
        if (build != null && !r.has("tests")) {
            r.errors().add(r.name("build"), "runs before the tests; give tests too");
        }
        if (expected == null && tests == null) {
            return null;
        }
        return new Grading(expected, compare, build, tests, Boolean.TRUE.equals(stop));
    }

    private static Grading.TestCase readTest(ObjectReader t) {
        String name = t.string("name");
        String expected = t.text("expectedStdout");
        if (expected == null) {
            t.errors().add(t.name("expectedStdout"), "is required");
        }
        Long timeoutMs = t.wholeNumber("timeoutMs", SandboxDefaults.TIMEOUT_MS_MIN, SandboxDefaults.TIMEOUT_MS_MAX);
        return new Grading.TestCase(name, t.text("stdin"), expected == null ? "" : expected, timeoutMs);
    }

    private static ExecSpec.FileSpec readFile(ObjectReader f) {
        String path = f.string("path");
        if (path == null || path.isEmpty()) {
            f.errors().add(f.name("path"), "is required");
        } else if (path.indexOf('\0') >= 0) {
            f.errors().add(f.name("path"), "must not contain NUL characters");
        }
        String content = f.text("content");
        String encoding = f.oneOf("encoding", Set.of("utf8", "base64"));
        if ("base64".equals(encoding) && content != null) {
            try {
                Base64.getMimeDecoder().decode(content);
            } catch (IllegalArgumentException e) {
                f.errors().add(f.name("content"), "is not valid base64");
            }
        }
        String mode = f.string("mode");
        if (mode != null && !mode.matches("^0?[0-7]{3,4}$")) {
            f.errors().add(f.name("mode"), "must be an octal mode such as 0644");
        }
        return new ExecSpec.FileSpec(path, content == null ? "" : content, encoding == null ? "utf8" : encoding, mode);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
