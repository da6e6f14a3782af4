package dev.boxcar.core.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JudgeTest {
    private static RunFacts ok(String stdout) {
        return new RunFacts(false, false, false, 0, null, stdout);
    }

    @Test
    void theFirstMatchingRuleWins() {
        assertEquals(Verdict.TIME_LIMIT_EXCEEDED, Judge.judge(new RunFacts(true, true, true, null, "SIGKILL", ""), "x", "trim"));
        assertEquals(Verdict.MEMORY_LIMIT_EXCEEDED, Judge.judge(new RunFacts(false, true, true, null, "SIGKILL", ""), "x", "trim"));
        assertEquals(Verdict.OUTPUT_LIMIT_EXCEEDED, Judge.judge(new RunFacts(false, false, true, null, "SIGKILL", "x"), "x", "trim"));
        assertEquals(Verdict.RUNTIME_ERROR, Judge.judge(new RunFacts(false, false, false, null, "SIGSEGV", "x"), "x", "trim"));
        assertEquals(Verdict.RUNTIME_ERROR, Judge.judge(new RunFacts(false, false, false, 1, null, "x"), "x", "trim"));
        assertEquals(Verdict.ACCEPTED, Judge.judge(ok("x\n"), "x", "trim"));
        assertEquals(Verdict.WRONG_ANSWER, Judge.judge(ok("y\n"), "x", "trim"));
    }

    @Test
    void trimIgnoresTrailingBlanksCarriageReturnsAndTrailingEmptyLines() {
        assertTrue(Judge.sameOutput("1 2  \r\n3\t\n\n\n", "1 2\n3", "trim"));
        assertTrue(Judge.sameOutput("42", "42\n", "trim"));
    }

    @Test
    void trimKeepsLeadingWhitespaceAndLeadingBlankLines() {
        assertFalse(Judge.sameOutput(" 42\n", "42\n", "trim"));
        assertFalse(Judge.sameOutput("\n42\n", "42\n", "trim"));
        assertFalse(Judge.sameOutput("4 2\n", "42\n", "trim"));
    }

    @Test
    void exactComparesBytes() {
        assertTrue(Judge.sameOutput("42\n", "42\n", "exact"));
        assertFalse(Judge.sameOutput("42 \n", "42\n", "exact"));
        assertFalse(Judge.sameOutput("42\r\n", "42\n", "exact"));
    }

    @org.junit.jupiter.api.Test
    void aRunThatThrashedAtItsMemoryLimitUntilTheTimeoutIsAMemoryLimitExceeded() {
        assertEquals(Verdict.MEMORY_LIMIT_EXCEEDED,
                Judge.judge(new RunFacts(true, false, false, null, "SIGKILL", "", true), "x", "trim"));
        assertEquals(Verdict.TIME_LIMIT_EXCEEDED,
                Judge.judge(new RunFacts(true, false, false, null, "SIGKILL", "", false), "x", "trim"));
    }
}
