package dev.boxcar.core.grading;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The verdict rules of API.md, first match wins, and the two ways of comparing output. */
public final class Judge {
    private Judge() {
    }

    /**
     * {@code timed_out} → time_limit_exceeded, unless the run met its memory limit before it was
     * killed (it thrashed at the limit: memory_limit_exceeded, as Judge0 reports it); OOM →
     * memory_limit_exceeded; output cut →
     * output_limit_exceeded; non-zero exit or a signal → runtime_error; otherwise the comparison.
     * (A run that could not happen at all is {@code internal_error}, decided by the caller.)
     */
    public static Verdict judge(RunFacts run, String expectedStdout, String compare) {
        if (run.timedOut()) {
            return run.memoryLimitHit() ? Verdict.MEMORY_LIMIT_EXCEEDED : Verdict.TIME_LIMIT_EXCEEDED;
        }
        if (run.oomKilled()) {
            return Verdict.MEMORY_LIMIT_EXCEEDED;
        }
        if (run.outputCut()) {
            return Verdict.OUTPUT_LIMIT_EXCEEDED;
        }
        if (run.signal() != null || run.exitCode() == null || run.exitCode() != 0) {
            return Verdict.RUNTIME_ERROR;
        }
        return sameOutput(run.stdout(), expectedStdout, compare) ? Verdict.ACCEPTED : Verdict.WRONG_ANSWER;
    }

    /** {@code exact} compares bytes; {@code trim} normalises both sides the same way first. */
    public static boolean sameOutput(String actual, String expected, String compare) {
        if (Grading.EXACT.equals(compare)) {
            return Arrays.equals(actual.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
        }
        return trim(actual).equals(trim(expected));
    }

    /**
     * {@code \r\n} → {@code \n}, trailing spaces and tabs of each line removed, trailing empty
     * lines removed; leading whitespace and leading blank lines still count.
     */
    static String trim(String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        List<String> kept = new ArrayList<>(lines.length);
        for (String line : lines) {
            kept.add(stripTrailingBlanks(line));
        }
        int end = kept.size();
        while (end > 0 && kept.get(end - 1).isEmpty()) {
            end--;
        }
        return String.join("\n", kept.subList(0, end));
    }

    private static String stripTrailingBlanks(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return line.substring(0, end);
    }
}
