package dev.boxcar.core.job;

import dev.boxcar.core.grading.Grading;
import java.util.List;
import java.util.Map;

/**
 * What an exec job must run, as the API validated it and stored it in {@code jobs.request}.
 * Exactly one of {@code command} / {@code argv} is set. Throw-away jobs also carry their
 * container limits; sandbox jobs take limits from the sandbox. {@code grading} is null for a plain
 * job, and says how to judge it for a graded or test-suite job. {@code reuseContainer} (throw-away
 * jobs, an extension of API.md): the job may run in a container that an earlier such job of its
 * tenant and batch ran in, reset by its agent (README "Reusing throw-away containers").
 */
public record ExecSpec(
        String command,
        List<String> argv,
        String cwd,
        Map<String, String> env,
        String stdin,
        List<FileSpec> files,
        long timeoutMs,
        String image,
        Integer memoryMb,
        Double cpus,
        Integer pids,
        Grading grading,
        Boolean reuseContainer) {

    public static final String DEFAULT_CWD = "/workspace";

    /** A file written before the command runs; {@code content} is decoded per {@code encoding}. */
    public record FileSpec(String path, String content, String encoding, String mode) {
    }

    /** The argv the agent runs: a command string goes through {@code /bin/sh -c}. */
    public List<String> effectiveArgv() {
        return command != null ? List.of("/bin/sh", "-c", command) : argv;
    }

    /** A suite's build step: the build command in the same place, with the job's files and limit. */
    public ExecSpec asBuild() {
        return new ExecSpec(grading.build(), null, cwd, env, null, files, timeoutMs, image, memoryMb, cpus, pids, grading,
                reuseContainer);
    }

    /** A suite's case: the job's command with the case's stdin and time limit (the job's when it has none). */
    public ExecSpec forCase(Grading.TestCase testCase) {
        return new ExecSpec(command, argv, cwd, env, testCase.stdin(), files,
                testCase.timeoutMs() == null ? timeoutMs : testCase.timeoutMs(), image, memoryMb, cpus, pids, grading,
                reuseContainer);
    }

    /** True when the job's client allowed a reset container of its tenant ({@link #reuseContainer}). */
    public boolean mayReuseContainer() {
        return Boolean.TRUE.equals(reuseContainer);
    }

    public String effectiveCwd() {
        return cwd == null ? DEFAULT_CWD : cwd;
    }
}
