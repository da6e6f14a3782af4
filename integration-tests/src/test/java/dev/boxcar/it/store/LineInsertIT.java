package dev.boxcar.it.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.core.job.ExecSpec;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobType;
import dev.boxcar.core.json.Json;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.Stack;
import dev.boxcar.it.support.TestEnvironment;
import dev.boxcar.store.JobStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The statement that stores a group of submissions (issue #16) against the real schema: its
 * outcome must be that of storing the jobs one after the other, so that grouping changes nothing
 * a client or a worker sees. The jobs it stores here are real; the workers run them.
 */
class LineInsertIT {
    private static final String REQUEST = Json.write(Json.read("{\"command\":\"true\",\"timeoutMs\":30000}", ExecSpec.class));

    private final RawApi alice = RawApi.tenantA();
    private final JobStates states = new JobStates();

    /**
     * Two jobs for one idle line, one for another, one for a sandbox that does not exist: the
     * first of each line needs a message, the second rides on the first's drain (stored as
     * dispatched), the line keeps their order, and the missing sandbox is answered empty.
     */
    @Test
    void aGroupHasTheOutcomeOfItsJobsStoredOneAfterTheOther() throws SQLException {
        String first = live("line-insert-a");
        String second = live("line-insert-b");
        Job a1 = job(first);
        Job a2 = job(first);
        Job b1 = job(second);
        Job missing = job(TestEnvironment.sandboxId("line-insert-none"));
        List<Optional<JobStates.LineInsert>> answers;
        try (Connection db = Stack.database()) {
            answers = states.insertIntoLiveSandboxes(db, List.of(a1, a2, b1, missing), 10);
        }
        assertTrue(answers.get(0).orElseThrow().inserted() && answers.get(0).get().needsMessage(), "a1: " + answers);
        assertTrue(answers.get(1).orElseThrow().inserted() && !answers.get(1).get().needsMessage(), "a2 rides: " + answers);
        assertTrue(answers.get(2).orElseThrow().inserted() && answers.get(2).get().needsMessage(), "b1: " + answers);
        assertEquals(Optional.empty(), answers.get(3), "no such sandbox");
        assertEquals(answers.get(0).get().sandboxPk(), answers.get(1).get().sandboxPk());

        assertNull(dispatchedAt(a1.getId()));
        assertNotNull(dispatchedAt(a2.getId()), "a job behind another of its line is stored as dispatched");
        assertTrue(seq(a1.getId()) < seq(a2.getId()), "the line keeps the order of the group");
        // No message was sent for a1 and b1 (the test is not the API): the dispatcher sends them,
        // and a2 runs on a1's drain.
        for (Job job : List.of(a1, a2, b1)) {
            String status = Jobs.awaitFinished(alice, job.getId().toString(), Duration.ofSeconds(90)).getString("status");
            assertEquals("completed", status, "job " + job.getId());
        }
    }

    /**
     * A sandbox locked against new jobs (as while it is being destroyed) is skipped, answered as if
     * missing, without waiting; the rest of the group is stored.
     */
    @Test
    void aGroupSkipsASandboxLockedAgainstNewJobsInsteadOfWaiting() throws SQLException {
        String locked = live("line-insert-locked");
        String free = live("line-insert-free");
        Job blocked = job(locked);
        Job other = job(free);
        try (Connection holder = Stack.database(); Connection db = Stack.database()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM sandboxes WHERE sandbox_id = ? FOR UPDATE")) {
                lock.setString(1, locked);
                lock.executeQuery().close();
            }
            List<Optional<JobStates.LineInsert>> answers = states.insertIntoLiveSandboxes(db, List.of(blocked, other), 10);
            holder.rollback();
            assertEquals(Optional.empty(), answers.get(0), "the locked sandbox is skipped");
            assertTrue(answers.get(1).orElseThrow().inserted(), answers::toString);
        }
        assertFalse(exists(blocked.getId()), "a skipped job is not stored");
        Jobs.awaitFinished(alice, other.getId().toString(), Duration.ofSeconds(90));
    }

    /** A sandbox of Alice's that exists and has run a job. */
    private String live(String purpose) {
        String id = TestEnvironment.sandboxId(purpose);
        Jobs.runInSandbox(alice, id, ExecRequest.command("true"));
        return id;
    }

    private static Job job(String sandboxId) {
        return Job.queued(TestEnvironment.TENANT_A, JobType.EXEC, null, sandboxId, REQUEST);
    }

    private static Object dispatchedAt(UUID job) throws SQLException {
        return column("dispatched_at", job);
    }

    private static long seq(UUID job) throws SQLException {
        return ((Number) column("seq", job)).longValue();
    }

    private static boolean exists(UUID job) throws SQLException {
        return column("1", job) != null;
    }

    private static Object column(String column, UUID job) throws SQLException {
        try (Connection db = Stack.database();
             PreparedStatement query = db.prepareStatement("SELECT " + column + " FROM jobs WHERE id = ?")) {
            query.setObject(1, job);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getObject(1) : null;
            }
        }
    }
}
