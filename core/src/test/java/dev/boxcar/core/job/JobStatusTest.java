package dev.boxcar.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JobStatusTest {

    @Test
    void aQueuedJobCanStartBeCancelledOrFailButNotFinishDirectly() {
        assertTrue(JobStatus.QUEUED.canMoveTo(JobStatus.RUNNING));
        assertTrue(JobStatus.QUEUED.canMoveTo(JobStatus.CANCELLED));
        assertTrue(JobStatus.QUEUED.canMoveTo(JobStatus.ERROR));
        assertFalse(JobStatus.QUEUED.canMoveTo(JobStatus.COMPLETED));
        assertFalse(JobStatus.QUEUED.canMoveTo(JobStatus.TIMED_OUT));
    }

    @Test
    void finalStatusesNeverChangeAgain() {
        for (JobStatus done : new JobStatus[] {JobStatus.COMPLETED, JobStatus.TIMED_OUT, JobStatus.CANCELLED, JobStatus.ERROR}) {
            assertTrue(done.isFinal());
            for (JobStatus next : JobStatus.values()) {
                assertFalse(done.canMoveTo(next), done + " -> " + next);
            }
        }
        assertFalse(JobStatus.RUNNING.isFinal());
    }

    @Test
    void anIllegalMoveThrowsNamingBothStatuses() {
        IllegalJobTransitionException e = assertThrows(IllegalJobTransitionException.class,
                () -> JobStatus.COMPLETED.checkMoveTo(JobStatus.RUNNING));
        assertEquals("job cannot move from completed to running", e.getMessage());
    }

    @Test
    void wireNamesRoundTrip() {
        for (JobStatus status : JobStatus.values()) {
            assertEquals(status, JobStatus.fromWireName(status.wireName()));
        }
        assertThrows(IllegalArgumentException.class, () -> JobStatus.fromWireName("done"));
    }

    @Test
    void jobMessagesRoundTripAndRejectOtherVersions() {
        JobMessage message = JobMessage.of(java.util.UUID.randomUUID());
        assertEquals(message, JobMessage.fromJson(message.toJson()));
        assertThrows(IllegalArgumentException.class, () -> JobMessage.fromJson("{\"v\":2,\"jobId\":\"x\"}"));
        assertThrows(IllegalArgumentException.class, () -> JobMessage.fromJson("{\"v\":1}"));
    }

    @Test
    void sqlGuardsListExactlyTheStatusesThatMayMoveToTheTarget() {
        assertEquals("('queued','running')", JobTransitions.sourcesOf(JobStatus.CANCELLED));
        assertEquals("('running')", JobTransitions.sourcesOf(JobStatus.COMPLETED));
        assertEquals("'queued'", JobTransitions.edge(JobStatus.QUEUED, JobStatus.RUNNING));
        assertThrows(IllegalJobTransitionException.class, () -> JobTransitions.edge(JobStatus.ERROR, JobStatus.RUNNING));
    }
}
