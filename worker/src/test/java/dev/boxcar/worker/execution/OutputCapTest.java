package dev.boxcar.worker.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The worker, not the agent, has the last word on the output cap (finding 2: 1.5 MiB stored past 1 MiB). */
class OutputCapTest {
    private final OutputCap cap = new OutputCap(1 << 20);

    @Test
    void moreThanTheCapIsCutAndCountsAsTruncatedWhateverTheAgentSays() {
        byte[] lying = new byte[(1 << 20) + (1 << 19)];
        assertEquals(1 << 20, cap.cut(lying).length);
        assertTrue(cap.truncated(lying, false));
    }

    @Test
    void outputWithinTheCapIsKeptWhole() {
        byte[] fine = new byte[100];
        assertEquals(100, cap.cut(fine).length);
        assertFalse(cap.truncated(fine, false));
        assertTrue(cap.truncated(fine, true));
        assertEquals(0, cap.cut(null).length);
    }
}
