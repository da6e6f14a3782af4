package dev.boxcar.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SandboxTransitionsTest {
    @Test
    void aSandboxBeingDestroyedOnlyEverBecomesDestroyed() {
        for (String to : SandboxTransitions.ALL) {
            assertEquals(to.equals(SandboxStatus.DESTROYED), SandboxTransitions.canMove(SandboxStatus.DESTROYING, to), to);
            assertFalse(SandboxTransitions.canMove(SandboxStatus.DESTROYED, to), to);
        }
        assertThrows(IllegalStateException.class,
                () -> SandboxTransitions.checkMove(SandboxStatus.DESTROYING, SandboxStatus.RUNNING));
    }

    @Test
    void everyLiveStatusCanStartOrBeDestroyed() {
        for (String from : new String[] {SandboxStatus.PENDING, SandboxStatus.RUNNING, SandboxStatus.STOPPED,
                SandboxStatus.FAILED}) {
            assertTrue(SandboxTransitions.canMove(from, SandboxStatus.RUNNING), from);
            assertTrue(SandboxTransitions.canMove(from, SandboxStatus.DESTROYING), from);
            assertFalse(SandboxTransitions.canMove(from, SandboxStatus.DESTROYED), from);
        }
        assertEquals("('running','lost')", SandboxTransitions.sourcesOf(SandboxStatus.STOPPED));
        assertEquals("('destroying')", SandboxTransitions.sourcesOf(SandboxStatus.DESTROYED));
    }

    @Test
    void aLostSandboxIsRecreatedReclaimedOrDestroyedButNeverRunsWhereItWas() {
        for (String from : new String[] {SandboxStatus.PENDING, SandboxStatus.RUNNING, SandboxStatus.STOPPED,
                SandboxStatus.FAILED}) {
            assertTrue(SandboxTransitions.canMove(from, SandboxStatus.LOST), from);
        }
        assertTrue(SandboxTransitions.canMove(SandboxStatus.LOST, SandboxStatus.PENDING));
        assertTrue(SandboxTransitions.canMove(SandboxStatus.LOST, SandboxStatus.STOPPED));
        assertTrue(SandboxTransitions.canMove(SandboxStatus.LOST, SandboxStatus.DESTROYING));
        assertFalse(SandboxTransitions.canMove(SandboxStatus.LOST, SandboxStatus.RUNNING));
        assertFalse(SandboxTransitions.canMove(SandboxStatus.DESTROYING, SandboxStatus.LOST));
    }
}
