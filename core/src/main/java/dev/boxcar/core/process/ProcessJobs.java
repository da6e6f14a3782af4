package dev.boxcar.core.process;

import java.util.List;
import java.util.Map;

/** The requests of {@code process.start} and {@code process.kill} jobs, stored in {@code jobs.request}. */
public final class ProcessJobs {
    private ProcessJobs() {
    }

    public record Start(String processId, List<String> argv, String cwd, Map<String, String> env) {
    }

    /** {@code signal}: TERM (followed by KILL after 5 s) or KILL. */
    public record Kill(String processId, String signal) {
    }
}
