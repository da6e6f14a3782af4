package dev.boxcar.core.grading;

/** What the judge needs to know about one run of a program. */
public record RunFacts(boolean timedOut, boolean oomKilled, boolean outputCut, Integer exitCode, String signal,
                       String stdout) {
}
