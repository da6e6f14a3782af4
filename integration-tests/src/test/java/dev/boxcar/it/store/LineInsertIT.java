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
            db.setAutoCommit(false);
            answers = states.insertIntoLiveSandboxes(db, List.of(a1, a2, b1, missing), 10);
            db.commit();
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
            db.setAutoCommit(false);
            List<Optional<JobStates.LineInsert>> answers = states.insertIntoLiveSandboxes(db, List.of(blocked, other), 10);
            db.commit();
            holder.rollback();
            assertEquals(Optional.empty(), answers.get(0), "the locked sandbox is skipped");
            assertTrue(answers.get(1).orElseThrow().inserted(), answers::toString);
        }
        assertFalse(exists(blocked.getId()), "a skipped job is not stored");
        Jobs.awaitFinished(alice, other.getId().toString(), Duration.ofSeconds(90));
    }

    /**
     * The race of a submission with a worker leaving its line. The line's last job J ends, and the
     * worker, about to leave, holds the sandbox row {@code FOR UPDATE} (here: J's end and the lock
     * in one transaction, not yet committed). A submission that waits for that lock must, once it
     * has it, see J ended: its job then needs a message, since no drain will take it. Deciding on a
     * snapshot taken before the lock (one statement), it saw J running, rode on the ended drain,
     * and waited for the one-minute sweep.
     */
    @Test
    void aSubmissionThatWaitedForAWorkerLeavingItsLineSeesTheLineIdle() throws Exception {
        String sandbox = live("line-insert-race");
        UUID lastJob = UUID.randomUUID();
        Job submitted = job(sandbox);
        try (Connection worker = Stack.database(); Connection api = Stack.database()) {
            runningJobIn(worker, sandbox, lastJob);
            worker.setAutoCommit(false);
            try (PreparedStatement leave = worker.prepareStatement("UPDATE jobs SET status = 'completed', "
                    + "finished_at = now() WHERE id = ?")) {
                leave.setObject(1, lastJob);
                leave.executeUpdate();
            }
            try (PreparedStatement lock = worker.prepareStatement("SELECT 1 FROM sandboxes WHERE sandbox_id = ? FOR UPDATE")) {
                lock.setString(1, sandbox);
                lock.executeQuery().close();
            }
            api.setAutoCommit(false);
            long leaving = Stack.backendPid(worker);
            long submitting = Stack.backendPid(api);
            var insert = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    Optional<JobStates.LineInsert> inserted = states.insertIntoLiveSandbox(api, submitted);
                    api.commit();
                    return inserted;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            dev.boxcar.it.support.Poll.until(Duration.ofSeconds(10), "the submission to wait for the worker's lock",
                    () -> Stack.waitsFor(submitting, leaving));
            worker.commit();
            JobStates.LineInsert answer = insert.get(10, java.util.concurrent.TimeUnit.SECONDS).orElseThrow();
            assertTrue(answer.inserted(), answer::toString);
            assertTrue(answer.needsMessage(), "the line's drain has ended: the job must be sent, not ride: " + answer);
        }
        assertNull(dispatchedAt(submitted.getId()), "stored as waiting for a message (the dispatcher sends it)");
        assertEquals("completed", Jobs.awaitFinished(alice, submitted.getId().toString(), Duration.ofSeconds(90))
                .getString("status"));
    }

    /** A running job of {@code sandboxId}'s line, held by no live worker, committed. */
    private static void runningJobIn(Connection db, String sandboxId, UUID id) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO jobs (id, tenant, type, sandbox_pk, sandbox_id, "
                + "status, request, attempts, cancel_requested, created_at, started_at, dispatched_at, version, worker_id) "
                + "SELECT ?, tenant, 'exec', pk, sandbox_id, 'running', ?, 1, false, now(), now(), now(), 0, 'line-insert-it' "
                + "FROM sandboxes WHERE tenant = ? AND sandbox_id = ? AND status <> 'destroyed'")) {
            insert.setObject(1, id);
            insert.setString(2, REQUEST);
            insert.setString(3, TestEnvironment.TENANT_A);
            insert.setString(4, sandboxId);
            assertEquals(1, insert.executeUpdate());
        }
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
