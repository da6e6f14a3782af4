package dev.boxcar.core.grading;

/**
 * What the judge needs to know about one run of a program. {@code memoryLimitHit}: its memory use
 * met the limit while it ran (a program thrashing at the limit until its timeout has no OOM kill).
 */
public record RunFacts(boolean timedOut, boolean oomKilled, boolean outputCut, Integer exitCode, String signal,
                       String stdout, boolean memoryLimitHit) {

    public RunFacts(boolean timedOut, boolean oomKilled, boolean outputCut, Integer exitCode, String signal,
                    String stdout) {
        this(timedOut, oomKilled, outputCut, exitCode, signal, stdout, false);
    }
}
