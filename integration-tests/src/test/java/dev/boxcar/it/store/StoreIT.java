package dev.boxcar.it.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.core.job.JobType;
import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.core.sandbox.SandboxConfig;
import dev.boxcar.core.sandbox.SandboxStatus;
import dev.boxcar.core.sandbox.SandboxTransitions;
import dev.boxcar.store.JobStates;
import dev.boxcar.store.SandboxStates;
import dev.boxcar.store.StandalonePersistenceUnit;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The one writer of job and sandbox state (the store module), against the real PostgreSQL:
 * every allowed transition happens and every forbidden one does not, concurrent claims of one job
 * give it to exactly one worker, and a duplicate message or a repeated end changes nothing. Rows
 * belong to a tenant of this run only, and are removed after.
 */
class StoreIT {
    private static final String TENANT = "it-store-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String WORKER = "store-it-worker-" + UUID.randomUUID().toString().substring(0, 8);
    /** The Docker host the claims are made for; the jobs here have no sandbox, so any host may run them. */
    private static final String HOST = "store-it-host";
    /** So many slots that the fair share never sends a claim to another tenant's (real) job. */
    private static final int CLAIM_SLOTS = 1_000_000;
    private static EntityManagerFactory emf;
    private final JobStates jobs = new JobStates();
    private final SandboxStates sandboxes = new SandboxStates();

    @BeforeAll
    static void connect() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(env("BOXCAR_DB_URL", "jdbc:postgresql://127.0.0.1:5432/boxcar"));
        dataSource.setUser(env("BOXCAR_DB_USER", "boxcar"));
        dataSource.setPassword(env("BOXCAR_DB_PASSWORD", "boxcar"));
        emf = StandalonePersistenceUnit.over(dataSource);
        // The test's workers beat, so the real workers' sweepers never take the test's running jobs for orphans.
        inTransaction(em -> em.createNativeQuery("INSERT INTO workers (id, host, pid, started_at, heartbeat_at) "
                        + "SELECT :w || suffix, 'store-it', 0, now(), now() + interval '1 hour' "
                        + "FROM unnest(ARRAY['', '-0', '-1', '-2', '-3', '-4', '-5', '-6', '-7']) AS suffix")
                .setParameter("w", WORKER).executeUpdate());
    }

    @AfterAll
    static void removeWhatTheTestMade() {
        inTransaction(em -> em.createNativeQuery("DELETE FROM jobs WHERE tenant = :t").setParameter("t", TENANT).executeUpdate());
        inTransaction(em -> em.createNativeQuery("DELETE FROM sandboxes WHERE tenant = :t").setParameter("t", TENANT)
                .executeUpdate());
        inTransaction(em -> em.createNativeQuery("DELETE FROM workers WHERE id LIKE :w || '%'").setParameter("w", WORKER)
                .executeUpdate());
        emf.close();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A fair claim in a transaction of its own, through JDBC as the workers make it. */
    private JobStates.FairClaim claimFairly(UUID jobId, String worker) {
        return inTransaction(em -> em.unwrap(org.hibernate.Session.class).doReturningWork(
                connection -> jobs.claimFairly(connection, jobId, worker, HOST, CLAIM_SLOTS)));
    }

    private static <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T value = work.apply(em);
            em.getTransaction().commit();
            return value;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    private static boolean did(Function<EntityManager, Boolean> change) {
        return inTransaction(change);
    }

    // ---- sandboxes --------------------------------------------------------------------------

    private UUID sandboxIn(String status) {
        Sandbox sandbox = new Sandbox(TENANT, "sb-" + UUID.randomUUID(), SandboxConfig.defaults());
        inTransaction(em -> {
            em.persist(sandbox);
            em.flush();
            return em.createNativeQuery("UPDATE sandboxes SET status = :s WHERE pk = :pk")
                    .setParameter("s", status).setParameter("pk", sandbox.getPk()).executeUpdate();
        });
        return sandbox.getPk();
    }

    private static String sandboxStatus(UUID pk) {
        return inTransaction(em -> (String) em.createNativeQuery("SELECT status FROM sandboxes WHERE pk = :pk")
                .setParameter("pk", pk).getSingleResult());
    }

    @Test
    void everySandboxTransitionHappensExactlyWhenTheStateMachineAllowsIt() {
        Map<String, BiFunction<EntityManager, UUID, Boolean>> moves = Map.of(
                SandboxStatus.RUNNING, (em, pk) -> sandboxes.markRunning(em, pk, "container-x"),
                SandboxStatus.FAILED, (em, pk) -> sandboxes.markFailed(em, pk, "it failed"),
                SandboxStatus.STOPPED, sandboxes::markStopped,
                SandboxStatus.DESTROYING, sandboxes::markDestroying,
                SandboxStatus.DESTROYED, sandboxes::markDestroyed);
        int checked = 0;
        for (String from : SandboxTransitions.ALL) {
            for (Map.Entry<String, BiFunction<EntityManager, UUID, Boolean>> move : moves.entrySet()) {
                UUID pk = sandboxIn(from);
                boolean allowed = SandboxTransitions.canMove(from, move.getKey());
                boolean moved = inTransaction(em -> move.getValue().apply(em, pk));
                assertEquals(allowed, moved, from + " -> " + move.getKey());
                assertEquals(allowed ? move.getKey() : from, sandboxStatus(pk), from + " -> " + move.getKey());
                checked++;
            }
        }
        assertEquals(35, checked, "every status of the machine, lost included, times every move");
    }

    @Test
    void aLostHostsSandboxesAreLostUntilRecreatedElsewhereOrTakenBack() {
        String host = "store-it-lost-" + UUID.randomUUID().toString().substring(0, 8);
        UUID running = sandboxIn(SandboxStatus.RUNNING);
        UUID stopped = sandboxIn(SandboxStatus.STOPPED);
        UUID destroying = sandboxIn(SandboxStatus.DESTROYING);
        for (UUID pk : List.of(running, stopped, destroying)) {
            inTransaction(em -> em.createNativeQuery("UPDATE sandboxes SET host_id = :h WHERE pk = :pk")
                    .setParameter("h", host).setParameter("pk", pk).executeUpdate());
        }
        inTransaction(em -> em.createNativeQuery("INSERT INTO sandbox_ports (sandbox_pk, port, token) VALUES (:pk, 80, :t)")
                .setParameter("pk", running).setParameter("t", "store-it-" + UUID.randomUUID()).executeUpdate());

        List<UUID> lost = inTransaction(em -> sandboxes.markLost(em, host));
        assertEquals(java.util.Set.of(running, stopped), java.util.Set.copyOf(lost), "a sandbox being destroyed stays so");
        assertEquals(SandboxStatus.LOST, sandboxStatus(running));
        assertEquals(SandboxStatus.DESTROYING, sandboxStatus(destroying));
        assertEquals(0L, ((Number) inTransaction(em -> em.createNativeQuery(
                "SELECT count(*) FROM sandbox_ports WHERE sandbox_pk = :pk").setParameter("pk", running)
                .getSingleResult())).longValue(), "a lost sandbox's ports are closed");

        boolean recreated = inTransaction(em -> sandboxes.recreateLost(em, running, "store-it-elsewhere"));
        assertTrue(recreated);
        assertEquals(SandboxStatus.PENDING, sandboxStatus(running));
        boolean again = inTransaction(em -> sandboxes.recreateLost(em, running, "store-it-elsewhere"));
        assertFalse(again, "only once");
        int reclaimed = inTransaction(em -> sandboxes.reclaim(em, host));
        assertEquals(1, reclaimed, "the host takes back only what is still lost");
        assertEquals(SandboxStatus.STOPPED, sandboxStatus(stopped));
        assertEquals(SandboxStatus.PENDING, sandboxStatus(running));
    }

    @Test
    void aContainerStartThatEndsAfterTheDestroyBeganLeavesTheSandboxDestroying() {
        UUID pk = sandboxIn(SandboxStatus.PENDING);
        assertTrue(did(em -> sandboxes.markDestroying(em, pk)));
        assertFalse(did(em -> sandboxes.markRunning(em, pk, "late-container")));
        assertEquals(SandboxStatus.DESTROYING, sandboxStatus(pk));
    }

    // ---- jobs -------------------------------------------------------------------------------

    private UUID jobIn(JobStatus status, String workerId) {
        Job job = Job.queued(TENANT, JobType.EXEC, null, null, "{\"command\":\"true\"}");
        inTransaction(em -> {
            em.persist(job);
            em.flush();
            return em.createNativeQuery("UPDATE jobs SET status = :s, worker_id = :w WHERE id = :id")
                    .setParameter("s", status.wireName()).setParameter("w", workerId).setParameter("id", job.getId())
                    .executeUpdate();
        });
        return job.getId();
    }

    private static JobStatus jobStatus(UUID id) {
        return JobStatus.fromWireName(inTransaction(em -> (String) em.createNativeQuery(
                "SELECT status FROM jobs WHERE id = :id").setParameter("id", id).getSingleResult()));
    }

    @Test
    void everyJobTransitionHappensExactlyWhenTheStateMachineAllowsIt() {
        int checked = 0;
        for (JobStatus from : JobStatus.values()) {
            // claim: queued -> running
            UUID claimed = jobIn(from, from == JobStatus.QUEUED ? null : WORKER);
            boolean took = claimFairly(claimed, WORKER).job().isPresent();
            assertEquals(from == JobStatus.QUEUED, took, "claim from " + from);
            // finish: running (of this worker) -> completed / timed_out / cancelled
            for (JobStatus end : List.of(JobStatus.COMPLETED, JobStatus.TIMED_OUT, JobStatus.CANCELLED)) {
                UUID finishing = jobIn(from, WORKER);
                boolean finished = inTransaction(em -> jobs.finish(em, finishing, WORKER, end, "{}", null));
                assertEquals(from == JobStatus.RUNNING, finished, from + " -> " + end);
                assertEquals(finished ? end : from, jobStatus(finishing), from + " -> " + end);
                checked++;
            }
            // fail: any unfinished -> error
            UUID failing = jobIn(from, WORKER);
            boolean failed = inTransaction(em -> jobs.fail(em, failing, "test", "failed on purpose"));
            assertEquals(from.canMoveTo(JobStatus.ERROR), failed, from + " -> error");
            assertEquals(failed ? JobStatus.ERROR : from, jobStatus(failing));
            // cancel: queued -> cancelled at once, running -> flagged, finished -> refused
            UUID cancelling = jobIn(from, WORKER);
            boolean cancelled = inTransaction(em -> jobs.cancel(em, cancelling));
            assertEquals(!from.isFinal(), cancelled, "cancel from " + from);
            assertEquals(from == JobStatus.QUEUED ? JobStatus.CANCELLED : from, jobStatus(cancelling));
            checked += 3;
        }
        assertEquals(JobStatus.values().length * 6, checked);
    }

    @Test
    void aJobIsNeverFinishedByAWorkerThatDoesNotHoldIt() {
        UUID job = jobIn(JobStatus.RUNNING, "someone-else");
        assertFalse(did(em -> jobs.finish(em, job, WORKER, JobStatus.COMPLETED, "{}", null)));
        assertEquals(JobStatus.RUNNING, jobStatus(job));
    }

    @Test
    void concurrentClaimsOfOneJobGiveItToExactlyOneWorker() throws Exception {
        for (int round = 0; round < 20; round++) {
            UUID job = jobIn(JobStatus.QUEUED, null);
            int claimants = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(claimants);
            try {
                List<Future<Optional<Job>>> claims = new ArrayList<>();
                for (int i = 0; i < claimants; i++) {
                    String worker = WORKER + "-" + i;
                    Callable<Optional<Job>> claim = () -> {
                        start.await();
                        return claimFairly(job, worker).job();
                    };
                    claims.add(pool.submit(claim));
                }
                start.countDown();
                int winners = 0;
                for (Future<Optional<Job>> claim : claims) {
                    winners += claim.get().isPresent() ? 1 : 0;
                }
                assertEquals(1, winners, "claims that took job " + job);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aDuplicateMessageOrARepeatedEndChangesNothing() {
        UUID job = jobIn(JobStatus.QUEUED, null);
        assertTrue(claimFairly(job, WORKER).job().isPresent());
        // The broker delivers the same message again while the job runs, and after it ended.
        assertTrue(claimFairly(job, WORKER + "-2").job().isEmpty());
        assertTrue(did(em -> jobs.finish(em, job, WORKER, JobStatus.COMPLETED, "{}", null)));
        assertTrue(claimFairly(job, WORKER + "-2").job().isEmpty());
        assertFalse(did(em -> jobs.finish(em, job, WORKER, JobStatus.TIMED_OUT, "{}", null)));
        assertFalse(did(em -> jobs.fail(em, job, "late", "a late failure")));
        assertEquals(JobStatus.COMPLETED, jobStatus(job));
        int attempts = inTransaction(em -> ((Number) em.createNativeQuery("SELECT attempts FROM jobs WHERE id = :id")
                .setParameter("id", job).getSingleResult()).intValue());
        assertEquals(1, attempts);
    }

    @Test
    void aDeadLetteredHeadHandsItsLineToTheDispatcher() {
        UUID sandbox = sandboxIn("running");
        UUID other = sandboxIn("running");
        try {
            deadLetteredHeadsHandOnTheirLines(sandbox, other);
        } finally {
            // Nothing of these rows (sandboxes without containers) may reach the real workers.
            inTransaction(em -> em.createNativeQuery("UPDATE jobs SET status = 'error', worker_id = NULL "
                    + "WHERE sandbox_pk IN (:a, :b)").setParameter("a", sandbox).setParameter("b", other).executeUpdate());
        }
    }

    private void deadLetteredHeadsHandOnTheirLines(UUID sandbox, UUID other) {
        UUID head = jobInLine(sandbox);
        UUID rider = jobInLine(sandbox);
        UUID last = jobInLine(sandbox);
        // The two behind the head rode on its line: stored as dispatched, with no message.
        inTransaction(em -> em.createNativeQuery("UPDATE jobs SET dispatched_at = now() WHERE sandbox_pk = :pk")
                .setParameter("pk", sandbox).executeUpdate());

        assertTrue(did(em -> jobs.failUnclaimed(em, head, "dead_lettered", "dead-lettered")));
        assertEquals(JobStatus.ERROR, jobStatus(head));
        assertFalse(isDispatched(rider), "the new head is left to the dispatcher");
        assertTrue(isDispatched(last), "only the head: the rest rides on its drain");

        // While a job of the line runs, its worker's drain takes the next one: nothing is handed on.
        UUID held = jobInLine(other);
        UUID deadLettered = jobInLine(other);
        UUID waiting = jobInLine(other);
        inTransaction(em -> em.createNativeQuery("UPDATE jobs SET dispatched_at = now() WHERE sandbox_pk = :pk")
                .setParameter("pk", other).executeUpdate());
        inTransaction(em -> em.createNativeQuery("UPDATE jobs SET status = 'running', worker_id = :w WHERE id = :id")
                .setParameter("w", WORKER).setParameter("id", held).executeUpdate());
        assertTrue(did(em -> jobs.failUnclaimed(em, deadLettered, "dead_lettered", "dead-lettered")));
        assertTrue(isDispatched(waiting), "the running job's drain takes it");
        assertEquals(JobStatus.RUNNING, jobStatus(held));
    }

    private UUID jobInLine(UUID sandboxPk) {
        Job job = Job.queued(TENANT, JobType.EXEC, sandboxPk, "sb", "{\"command\":\"true\"}");
        inTransaction(em -> {
            em.persist(job);
            return null;
        });
        return job.getId();
    }

    private static boolean isDispatched(UUID id) {
        return inTransaction(em -> em.createNativeQuery("SELECT dispatched_at IS NOT NULL FROM jobs WHERE id = :id")
                .setParameter("id", id).getSingleResult().equals(Boolean.TRUE));
    }

    @Test
    void anOrphanedJobIsAdoptedByExactlyOneWorkerAndKeepsRunning() {
        UUID job = jobIn(JobStatus.RUNNING, null);
        inTransaction(em -> em.createNativeQuery("UPDATE jobs SET attempts = 1 WHERE id = :id").setParameter("id", job)
                .executeUpdate());
        Optional<Job> adopted = claimFairly(job, WORKER).job();
        assertTrue(adopted.isPresent());
        assertEquals(2, adopted.get().getAttempts());
        assertTrue(adopted.get().isAdopted());
        assertTrue(claimFairly(job, WORKER + "-2").job().isEmpty());
        assertEquals(JobStatus.RUNNING, jobStatus(job));
    }
}
