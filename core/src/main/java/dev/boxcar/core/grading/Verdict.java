package dev.boxcar.core.grading;

/** API.md verdicts, by wire name. */
public enum Verdict {
    ACCEPTED("accepted"),
    WRONG_ANSWER("wrong_answer"),
    TIME_LIMIT_EXCEEDED("time_limit_exceeded"),
    MEMORY_LIMIT_EXCEEDED("memory_limit_exceeded"),
    RUNTIME_ERROR("runtime_error"),
    OUTPUT_LIMIT_EXCEEDED("output_limit_exceeded"),
    COMPILATION_ERROR("compilation_error"),
    INTERNAL_ERROR("internal_error"),
    /** A suite case not run because an earlier one failed with stopOnFirstFailure. */
    SKIPPED("skipped");

    private final String wireName;

    Verdict(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
