package dev.boxcar.store;

import static dev.boxcar.core.job.JobTransitions.edge;
import static dev.boxcar.core.job.JobTransitions.sourcesOf;

import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.core.job.JobType;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every statement that changes a job's status, for the API and the workers alike (issue #12: one
 * writer of job state). Each is a conditional update: a change happens only from the status the
 * state machine allows ({@link dev.boxcar.core.job.JobTransitions}), so duplicate messages,
 * racing workers, the sweeper and the API can never move a job twice. Callers own the
 * transaction and pass its EntityManager.
 */
public final class JobStates {
    /**
     * A job of the sandbox's line may start only when no earlier job of that line is still queued
     * or running; jobs outside the line (kills, destroys) never wait.
     */
    private static final String IS_HEAD_OF_ITS_SANDBOX = isHeadOfItsSandbox("j");
    private static final String RUNNING_OF_TENANT = "SELECT count(*) FROM jobs r WHERE r.tenant = %s AND r.status = 'running'";

    /** The guard that a job (table alias {@code alias}) is the head of its sandbox's line; for the workers' queries too. */
    public static String isHeadOfItsSandbox(String alias) {
        return ("(j.sandbox_pk IS NULL OR j.type NOT IN " + JobType.inLineSql()
                + " OR NOT EXISTS (SELECT 1 FROM jobs o WHERE o.sandbox_pk = j.sandbox_pk AND o.seq < j.seq"
                + " AND o.type IN " + JobType.inLineSql() + " AND o.status IN ('queued', 'running')))").replace("j.", alias + ".");
    }

    /**
     * The guard that a job (alias {@code j}) may run on the Docker host {@code :host} (API.md
     * "Hosts"): a throw-away job anywhere, a sandbox's job only on its sandbox's host (an unplaced
     * sandbox goes to whoever starts it first).
     */
    private static String onHost(String alias) {
        return "(" + alias + ".sandbox_pk IS NULL OR EXISTS (SELECT 1 FROM sandboxes h WHERE h.pk = " + alias
                + ".sandbox_pk AND (h.host_id IS NULL OR h.host_id = :host)))";
    }

    private static final String CLAIM_SET = "SET status = 'running', worker_id = :worker, started_at = now(), "
            + "attempts = j.attempts + 1, version = j.version + 1 ";
    /**
     * Takes over a running job whose worker died ({@link #orphanJobsOfLostWorkers}): the job stays
     * {@code running} and keeps its first start time; only the worker and the attempt change.
     */
    private static final String ADOPT = "UPDATE jobs j SET worker_id = :worker, attempts = j.attempts + 1, "
            + "version = j.version + 1 WHERE j.id = :id AND j.status = 'running' AND j.worker_id IS NULL AND "
            + onHost("j") + " RETURNING j.*";
    /**
     * Running jobs whose worker stopped beating ({@code %s} is the job table's alias); never those
     * of the sweeping worker ({@code :sweeper}), which is alive whatever its heartbeat says.
     */
    private static final String OF_A_LOST_WORKER = "%1$s.status = 'running' AND %1$s.worker_id IS NOT NULL "
            + "AND %1$s.worker_id <> :sweeper "
            + "AND NOT EXISTS (SELECT 1 FROM workers w WHERE w.id = %1$s.worker_id "
            + "AND w.heartbeat_at > now() - make_interval(secs => :timeout)) "
            + "AND %1$s.started_at < now() - make_interval(secs => :timeout)";

    /** A graded job that could not be run gets the verdict {@code internal_error} (API.md). */
    private static final String VERDICT_IF_GRADED = "verdict = CASE WHEN jsonb_typeof(request::jsonb -> 'grading') = 'object' "
            + "THEN 'internal_error' ELSE verdict END";

    /**
     * What a fair claim took: the job to run (if any) and a job left queued that needs a message
     * again (it yielded its turn, or its message reached a worker of another host).
     */
    public record FairClaim(Optional<Job> job, Optional<UUID> sendAgain, Optional<EndedInLine> ended) {
        FairClaim(Optional<Job> job, Optional<UUID> sendAgain) {
            this(job, sendAgain, Optional.empty());
        }
    }

    /**
     * A message named a job that had ended, of a sandbox on the claiming worker's host: the
     * worker drains that sandbox's line, since jobs queued behind it may have come without a
     * message of their own ({@link #insertIntoLiveSandbox}) and their drain may have died with its worker.
     */
    public record EndedInLine(UUID sandboxPk, String tenant) {
    }

    private static final String ENDED_IN_LINE = "SELECT j.sandbox_pk, j.tenant FROM jobs j WHERE j.id = :id "
            + "AND j.finished_at IS NOT NULL AND j.sandbox_pk IS NOT NULL AND j.type IN " + JobType.inLineSql()
            + " AND " + onHost("j");

    private static final String CLAIM_THIS = "UPDATE jobs j " + CLAIM_SET
            + "WHERE j.id = :id AND j.status = " + edge(JobStatus.QUEUED, JobStatus.RUNNING)
            + " AND NOT j.cancel_requested AND " + IS_HEAD_OF_ITS_SANDBOX + " AND " + onHost("j") + " RETURNING j.*";
    /** A job a message names that may be claimed or adopted: its tenant, status, and whether it may run on {@code :host}. */
    private static final String CLAIMABLE = "SELECT j.tenant, j.status, " + onHost("j") + " FROM jobs j WHERE j.id = :id "
            + "AND (j.status = 'queued' OR (j.status = 'running' AND j.worker_id IS NULL))";

    /**
     * Claims {@code jobId}, unless its tenant already runs its fair share of the worker slots
     * ({@code totalSlots} over the tenants with queued or running jobs) while a job of a tenant
     * under its share waits: then the oldest such job is claimed instead, and {@code jobId} stays
     * queued and needs its message sent again (API.md: a tenant never holds more than its fair
     * share of worker slots while other tenants' jobs wait). Claims of one tenant are serialized,
     * so its running count cannot overshoot through a race. Plain JDBC in the caller's
     * transaction: once per job a message names, where an entity manager cost more than the
     * statements.
     */
    public FairClaim claimFairly(Connection connection, UUID jobId, String workerId, String host, int totalSlots)
            throws SQLException {
        Map<String, Object> thisJob = Map.of("id", jobId, "host", host, "worker", workerId);
        Optional<Claimable> claimable = claimable(connection, jobId, host);
        if (claimable.isEmpty()) {
            return new FairClaim(Optional.empty(), Optional.empty(), endedInLine(connection, jobId, host));
        }
        if (!claimable.get().onThisHost()) {
            // Its sandbox lives on another host: the message goes there, routed anew.
            return new FairClaim(Optional.empty(), Optional.of(jobId));
        }
        if ("running".equals(claimable.get().status())) {
            // An orphan already held a slot of its tenant: adopting it takes no new share.
            return new FairClaim(claimed(connection, ADOPT, thisJob), Optional.empty());
        }
        String tenant = claimable.get().tenant();
        long active = activeTenants(connection);
        if (active > 1) {
            single(connection, "SELECT pg_advisory_xact_lock(hashtext(:t))", Map.of("t", "fair:" + tenant));
            int share = fairShare(totalSlots, active);
            if (running(connection, tenant) >= share) {
                Optional<Job> other = claimed(connection, "UPDATE jobs j " + CLAIM_SET + "WHERE j.id = (SELECT q.id FROM jobs q "
                        + "WHERE q.status = 'queued' AND q.tenant <> :tenant AND NOT q.cancel_requested AND "
                        + isHeadOfItsSandbox("q") + " AND " + onHost("q") + " AND ("
                        + RUNNING_OF_TENANT.formatted("q.tenant") + ") < :share "
                        + "ORDER BY q.seq LIMIT 1 FOR UPDATE SKIP LOCKED) AND j.status = 'queued' RETURNING j.*",
                        Map.of("tenant", tenant, "share", share, "host", host, "worker", workerId));
                if (other.isPresent()) {
                    return new FairClaim(other, Optional.of(jobId));
                }
            }
        }
        return new FairClaim(claimed(connection, CLAIM_THIS, thisJob), Optional.empty());
    }

    /** What {@link #claimFairly} needs to know of the job a message names. */
    private record Claimable(String tenant, String status, boolean onThisHost) {
    }

    private static Optional<Claimable> claimable(Connection connection, UUID jobId, String host) throws SQLException {
        try (PreparedStatement statement = NamedSql.of(CLAIMABLE).prepare(connection, Map.of("id", jobId, "host", host));
             ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(new Claimable(row.getString(1), row.getString(2), row.getBoolean(3)))
                    : Optional.empty();
        }
    }

    private static Optional<EndedInLine> endedInLine(Connection connection, UUID jobId, String host) throws SQLException {
        try (PreparedStatement statement = NamedSql.of(ENDED_IN_LINE).prepare(connection, Map.of("id", jobId, "host", host));
             ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(new EndedInLine(row.getObject(1, UUID.class), row.getString(2)))
                    : Optional.empty();
        }
    }

    /**
     * True when {@code tenant} runs at least its fair share while a job of a tenant under its
     * share waits: a worker draining one of its sandboxes then stops and gives the slot up.
     */
    public boolean atShareWhileOthersWait(Connection connection, String tenant, String host, int totalSlots)
            throws SQLException {
        long now = System.currentTimeMillis();
        if (trustsSoleTenant()) {
            return false;
        }
        long active = activeTenants(connection);
        if (active <= 1) {
            soleTenantSeenAt = now;
            return false;
        }
        int share = fairShare(totalSlots, active);
        if (running(connection, tenant) < share) {
            return false;
        }
        // Only a job this worker could run instead is worth giving the slot up for.
        try (PreparedStatement statement = NamedSql.of("SELECT 1 FROM jobs q WHERE q.status = 'queued' AND q.tenant <> :tenant "
                        + "AND NOT q.cancel_requested AND " + isHeadOfItsSandbox("q") + " AND " + onHost("q") + " AND ("
                        + RUNNING_OF_TENANT.formatted("q.tenant") + ") < :share LIMIT 1")
                .prepare(connection, Map.of("tenant", tenant, "share", share, "host", host));
             ResultSet row = statement.executeQuery()) {
            return row.next();
        }
    }

    /**
     * One tenant had all the work a moment ago: draining its line needs no check per job (nor a
     * transaction to make none in).
     */
    public boolean trustsSoleTenant() {
        return System.currentTimeMillis() - soleTenantSeenAt < SOLE_TENANT_TRUSTED_MILLIS;
    }

    /**
     * How many tenants have queued or running jobs: a skip scan over the (tenant, status) index, one
     * index seek per tenant, so a backlog of thousands of one tenant's jobs costs nothing here.
     */
    private static long activeTenants(Connection connection) throws SQLException {
        return single(connection, "WITH RECURSIVE t(tenant) AS ("
                + "(SELECT tenant FROM jobs WHERE status IN ('queued', 'running') ORDER BY tenant LIMIT 1) "
                + "UNION ALL SELECT (SELECT j.tenant FROM jobs j WHERE j.status IN ('queued', 'running') "
                + "AND j.tenant > t.tenant ORDER BY j.tenant LIMIT 1) FROM t WHERE t.tenant IS NOT NULL) "
                + "SELECT count(tenant) FROM t", Map.of());
    }

    private static int fairShare(int totalSlots, long activeTenants) {
        long active = Math.max(1, activeTenants);
        return (int) Math.max(1, (totalSlots + active - 1) / active);
    }

    /** How long "only one tenant has work" is trusted by a draining worker (a new tenant waits at most this). */
    private static final long SOLE_TENANT_TRUSTED_MILLIS = 250;
    private volatile long soleTenantSeenAt;

    private static long running(Connection connection, String tenant) throws SQLException {
        return single(connection, RUNNING_OF_TENANT.formatted(":t"), Map.of("t", tenant));
    }

    /** The first column of the one row a query gives, as a number (0 for a void or null one). */
    private static long single(Connection connection, String sql, Map<String, Object> parameters) throws SQLException {
        try (PreparedStatement statement = NamedSql.of(sql).prepare(connection, parameters);
             ResultSet row = statement.executeQuery()) {
            row.next();
            Object value = row.getObject(1);
            return value instanceof Number number ? number.longValue() : 0;
        }
    }

    /** The oldest queued job of a sandbox's line, claimed if nothing runs before it. */
    private static final String CLAIM_NEXT_IN_SANDBOX = "UPDATE jobs j " + CLAIM_SET
            + "WHERE j.id = (SELECT id FROM jobs WHERE sandbox_pk = :pk AND status = 'queued' AND type IN "
            + JobType.inLineSql() + " ORDER BY seq LIMIT 1)"
            + " AND j.status = " + edge(JobStatus.QUEUED, JobStatus.RUNNING)
            + " AND NOT j.cancel_requested AND " + IS_HEAD_OF_ITS_SANDBOX + " AND " + onHost("j");
    private static final String CLAIM_NEXT = CLAIM_NEXT_IN_SANDBOX + " RETURNING j.*";
    private static final String CLAIM_NEXT_IN_CONTAINER = CLAIM_NEXT_IN_SANDBOX
            + " AND EXISTS (SELECT 1 FROM sandboxes s WHERE s.pk = :pk AND s.status = 'running'"
            + " AND s.container_id = :container FOR KEY SHARE) RETURNING j.*";

    /** Claims the oldest queued job of a sandbox, so one worker drains a sandbox's line in order. */
    private static Optional<Job> claimNextInSandbox(Connection connection, UUID sandboxPk, String workerId, String host)
            throws SQLException {
        return claimed(connection, CLAIM_NEXT, Map.of("pk", sandboxPk, "worker", workerId, "host", host));
    }

    /**
     * {@link #claimNextInSandbox}, for a worker about to leave the line: the sandbox row is locked
     * {@code FOR UPDATE} first, which waits for every submission to the sandbox still in flight
     * (each holds {@code FOR KEY SHARE} on it until its commit). So a job that was inserted without
     * a message because this line was busy ({@link #insertIntoLiveSandbox}) is either claimed here or, if it
     * comes later, sees the line idle and gets its message.
     */
    public Optional<Job> claimNextInSandboxBeforeLeaving(Connection connection, UUID sandboxPk, String workerId,
                                                         String host) throws SQLException {
        lockAgainstSubmissions(connection, sandboxPk);
        return claimNextInSandbox(connection, sandboxPk, workerId, host);
    }

    /**
     * The queued job at the head of the sandbox's line, for a worker that yields the line to
     * another tenant and sends its head a message: read after the same lock as
     * {@link #claimNextInSandboxBeforeLeaving}, so a job inserted without a message meanwhile is
     * the head found here, or sees the line idle and gets its own message.
     */
    public Optional<UUID> headOfSandboxBeforeLeaving(Connection connection, UUID sandboxPk) throws SQLException {
        lockAgainstSubmissions(connection, sandboxPk);
        try (PreparedStatement head = NamedSql.of(HEAD_OF_SANDBOX).prepare(connection, Map.of("pk", sandboxPk));
             ResultSet row = head.executeQuery()) {
            return row.next() ? Optional.of(row.getObject(1, UUID.class)) : Optional.empty();
        }
    }

    /** The queued job at the head of a sandbox's line, if any (in the caller's transaction). */
    @SuppressWarnings("unchecked")
    public Optional<UUID> headOfSandbox(EntityManager em, UUID sandboxPk) {
        return ((List<UUID>) em.createNativeQuery(HEAD_OF_SANDBOX, UUID.class).setParameter("pk", sandboxPk)
                .getResultList()).stream().findFirst();
    }

    private static final String HEAD_OF_SANDBOX = "SELECT j.id FROM jobs j WHERE j.sandbox_pk = :pk AND j.status = 'queued' "
            + "AND " + IS_HEAD_OF_ITS_SANDBOX + " ORDER BY j.seq LIMIT 1";

    private static void lockAgainstSubmissions(Connection connection, UUID sandboxPk) throws SQLException {
        try (PreparedStatement lock = NamedSql.of(LOCK_SANDBOX).prepare(connection, Map.of("pk", sandboxPk))) {
            lock.executeQuery().close();
        }
    }

    private static final String LOCK_SANDBOX = "SELECT 1 FROM sandboxes WHERE pk = :pk FOR UPDATE";

    /** What {@link #insertIntoLiveSandbox} found and did. */
    public record LineInsert(UUID sandboxPk, String hostId, boolean inserted, boolean needsMessage) {
    }

    /**
     * Inserts a queued job (its sandbox pk unset: found here) into the line of its live sandbox,
     * which stays locked {@code FOR KEY SHARE} until the caller commits (no job slips into a
     * sandbox being destroyed). Empty when the sandbox does not exist; not {@code inserted} when it
     * is being destroyed or lost (the caller's entity path answers those).
     * <p>
     * A job behind queued or running work of its line needs no message to the workers: the worker
     * draining the line runs it ({@link JobType#IN_LINE} jobs run one at a time, in order), and
     * leaves the line only after {@link #claimNextInSandboxBeforeLeaving}. Such a job is inserted
     * as dispatched, so the dispatcher only sends it when it has waited at the head of its line for
     * a minute (a drain that died at the wrong moment).
     */
    public Optional<LineInsert> insertIntoLiveSandbox(Connection connection, Job job) throws SQLException {
        return insert(connection, List.of(job), "", 0).get(0);
    }

    /**
     * {@link #insertIntoLiveSandbox} for several jobs at once, in two statements however many jobs
     * (a group commit's), with the same outcome as inserting them one
     * after the other in the order given: a job behind an earlier one of the same line rides on its
     * drain. One answer per job, in the same order. It never waits for a lock: a job whose sandbox
     * row is locked against it (being destroyed, a worker leaving its line) is answered empty, as if
     * there were no such sandbox, so that one busy sandbox cannot hold up the others' jobs.
     */
    public List<Optional<LineInsert>> insertIntoLiveSandboxes(Connection connection, List<Job> jobs, int timeoutSeconds)
            throws SQLException {
        return insert(connection, jobs, "SKIP LOCKED", timeoutSeconds);
    }

    /**
     * Locks the jobs' live sandboxes first, then inserts into those it locked, in the caller's
     * transaction (two statements, so two snapshots). In one statement the decision to ride on a
     * line's drain was made on the snapshot taken before the lock: a submission that waited for
     * the lock of a worker leaving the line (which had just ended the line's last job) still saw
     * that job running, rode on a drain that had ended, and waited for the one-minute sweep. Taken
     * after the lock, the snapshot sees what the worker committed before letting go.
     * <p>
     * An SQLException leaves the caller's transaction to roll back; whatever fails once the insert
     * has run, reading its answer included, is an IllegalStateException.
     */
    private List<Optional<LineInsert>> insert(Connection connection, List<Job> jobs, String lockWait, int timeoutSeconds)
            throws SQLException {
        if (connection.getAutoCommit()) {
            // The lock would end with its statement, and the insert decide on a line it no longer holds.
            throw new IllegalStateException("a line insert needs the caller's transaction, not autocommit");
        }
        Map<String, Object> columns = new java.util.HashMap<>();
        columns.put("ids", column(connection, jobs, job -> job.getId().toString()));
        columns.put("tenants", column(connection, jobs, Job::getTenant));
        columns.put("types", column(connection, jobs, Job::getType));
        columns.put("sandboxIds", column(connection, jobs, Job::getSandboxId));
        columns.put("statuses", column(connection, jobs, job -> job.getStatus().wireName()));
        columns.put("requests", column(connection, jobs, Job::getRequest));
        columns.put("createdAts", column(connection, jobs, job -> job.getCreatedAt().toString()));
        columns.put("locked", lockLiveSandboxes(connection, columns, lockWait, timeoutSeconds));
        PreparedStatement insert = NamedSql.of(INSERT_INTO_LOCKED_SANDBOXES).prepare(connection, columns);
        ResultSet row;
        try {
            insert.setQueryTimeout(timeoutSeconds);
            row = insert.executeQuery();
        } catch (SQLException | RuntimeException e) {
            insert.close();
            throw e;
        }
        try (insert; row) {
            List<Optional<LineInsert>> answers = new java.util.ArrayList<>(jobs.size());
            while (row.next()) {
                UUID sandboxPk = row.getObject(1, UUID.class);
                boolean needsMessage = row.getBoolean(3);
                boolean inserted = !row.wasNull();
                answers.add(sandboxPk == null ? Optional.empty()
                        : Optional.of(new LineInsert(sandboxPk, row.getString(2), inserted, needsMessage)));
            }
            if (answers.size() != jobs.size()) {
                throw new IllegalStateException("expected " + jobs.size() + " answers to a line insert, got " + answers.size());
            }
            return answers;
        } catch (SQLException e) {
            throw new IllegalStateException("the line insert ran, but its answer could not be read", e);
        }
    }

    /** The pks of the jobs' live sandboxes this transaction now holds {@code FOR KEY SHARE}. */
    private static java.sql.Array lockLiveSandboxes(Connection connection, Map<String, Object> columns, String lockWait,
                                                    int timeoutSeconds) throws SQLException {
        List<Object> locked = new java.util.ArrayList<>();
        try (PreparedStatement lock = NamedSql.of(LOCK_LIVE_SANDBOXES + lockWait).prepare(connection, columns)) {
            lock.setQueryTimeout(timeoutSeconds);
            try (ResultSet row = lock.executeQuery()) {
                while (row.next()) {
                    locked.add(row.getObject(1));
                }
            }
        }
        return connection.createArrayOf("uuid", locked.toArray());
    }

    private static final String LOCK_LIVE_SANDBOXES = "SELECT b.pk FROM sandboxes b JOIN unnest(:tenants::text[], "
            + ":sandboxIds::text[]) AS w(tenant, sandbox_id) ON b.tenant = w.tenant AND b.sandbox_id = w.sandbox_id "
            + "WHERE b.status <> 'destroyed' FOR KEY SHARE OF b ";

    private static java.sql.Array column(Connection connection, List<Job> jobs,
                                         java.util.function.Function<Job, String> value) throws SQLException {
        return connection.createArrayOf("text", jobs.stream().map(value).toArray());
    }

    /**
     * The jobs as rows numbered in the order given ({@code i}); their live sandboxes that
     * {@link #lockLiveSandboxes} locked ({@code s}); the insert, in that order, of those whose
     * sandbox takes jobs; one answer per job. A job rides on the line's drain when the line has
     * queued or running work already, or an earlier job of this statement for the same line (rows
     * the statement inserts are not visible to its own subqueries).
     */
    private static final String INSERT_INTO_LOCKED_SANDBOXES = "WITH i AS (SELECT * FROM unnest(:ids::uuid[], "
            + ":tenants::text[], :types::text[], :sandboxIds::text[], :statuses::text[], :requests::text[], "
            + ":createdAts::timestamptz[]) WITH ORDINALITY AS i(id, tenant, type, sandbox_id, status, request, created_at, n)), "
            + "s AS (SELECT i.n, i.type, b.pk, b.status, b.host_id FROM i JOIN sandboxes b ON b.tenant = i.tenant "
            + "AND b.sandbox_id = i.sandbox_id AND b.pk = ANY(:locked::uuid[]) AND b.status <> 'destroyed'), "
            + "ins AS (INSERT INTO jobs (id, tenant, type, sandbox_pk, sandbox_id, status, request, attempts, "
            + "cancel_requested, created_at, version, dispatched_at) SELECT i.id, i.tenant, i.type, s.pk, i.sandbox_id, "
            + "i.status, i.request, 0, false, i.created_at, 0, CASE WHEN EXISTS (SELECT 1 FROM jobs o WHERE o.sandbox_pk = s.pk "
            + "AND o.type IN " + JobType.inLineSql() + " AND o.status IN ('queued', 'running')) OR EXISTS (SELECT 1 FROM s e "
            + "WHERE e.pk = s.pk AND e.n < s.n AND e.type IN " + JobType.inLineSql() + " AND e.status NOT IN ('destroying', 'lost')) "
            + "THEN now() END FROM i JOIN s ON s.n = i.n WHERE s.status NOT IN ('destroying', 'lost') ORDER BY i.n "
            + "RETURNING id, dispatched_at IS NULL AS needs_message) "
            + "SELECT s.pk, s.host_id, ins.needs_message FROM i LEFT JOIN s ON s.n = i.n LEFT JOIN ins ON ins.id = i.id ORDER BY i.n";

    /**
     * {@link #claimNextInSandbox}, only while the sandbox still runs {@code containerId} (the
     * container the worker ran the line's last job in), so the job needs no lookup of its sandbox.
     * The sandbox row is locked as {@code acquire} would lock it: not while the idle reaper stops it.
     */
    public Optional<Job> claimNextInContainer(Connection connection, UUID sandboxPk, String containerId, String workerId,
                                              String host) throws SQLException {
        return claimed(connection, CLAIM_NEXT_IN_CONTAINER, Map.of("pk", sandboxPk, "container", containerId,
                "worker", workerId, "host", host));
    }

    private static Optional<Job> claimed(Connection connection, String sql, Map<String, Object> parameters) throws SQLException {
        try (PreparedStatement statement = NamedSql.of(sql).prepare(connection, parameters);
             ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(Job.ofRow(row)) : Optional.empty();
        }
    }

    /** Records the final outcome of a job this worker runs; false when someone else ended it first. */
    public boolean finish(EntityManager em, UUID jobId, String workerId, JobStatus finalStatus, String resultJson, String verdict) {
        JobStatus.RUNNING.checkMoveTo(finalStatus);
        var query = em.createNativeQuery(FINISH);
        finishParameters(jobId, workerId, finalStatus, resultJson, verdict).forEach(query::setParameter);
        return endedOne(query.getSingleResult());
    }

    private static final String FINISH = touchingItsSandbox("UPDATE jobs SET status = :status, "
            + "result = :result, verdict = :verdict, finished_at = now(), version = version + 1 "
            + "WHERE id = :id AND worker_id = :worker AND status = " + edge(JobStatus.RUNNING, JobStatus.COMPLETED));

    /** {@link #finish(EntityManager, UUID, String, JobStatus, String, String)} in the caller's JDBC transaction. */
    public boolean finish(Connection connection, UUID jobId, String workerId, JobStatus finalStatus, String resultJson,
                          String verdict) throws SQLException {
        JobStatus.RUNNING.checkMoveTo(finalStatus);
        try (PreparedStatement statement = NamedSql.of(FINISH).prepare(connection,
                finishParameters(jobId, workerId, finalStatus, resultJson, verdict));
             ResultSet count = statement.executeQuery()) {
            return count.next() && endedOne(count.getLong(1));
        }
    }

    private static Map<String, Object> finishParameters(UUID jobId, String workerId, JobStatus finalStatus,
                                                        String resultJson, String verdict) {
        Map<String, Object> parameters = new java.util.HashMap<>(); // result and verdict may be null
        parameters.put("status", finalStatus.wireName());
        parameters.put("result", resultJson);
        parameters.put("verdict", verdict);
        parameters.put("id", jobId);
        parameters.put("worker", workerId);
        return parameters;
    }

    /** Ends a job as {@code error} with a reason a user can act on, from whatever status allows it. */
    public boolean fail(EntityManager em, UUID jobId, String code, String message) {
        return failWhere(em, jobId, code, message, "status IN " + sourcesOf(JobStatus.ERROR));
    }

    /**
     * Ends as {@code error} a job no worker holds: queued, or running without a worker (waiting
     * for its adopter). A job a worker holds is that worker's to end, or, should the worker die,
     * the sweeper's: a message of it that the broker dead-lettered (its deliveries went to workers
     * that died) says nothing about it.
     */
    public boolean failUnclaimed(EntityManager em, UUID jobId, String code, String message) {
        boolean ended = failWhere(em, jobId, code, message, "(status = " + edge(JobStatus.QUEUED, JobStatus.ERROR)
                + " OR (status = " + edge(JobStatus.RUNNING, JobStatus.ERROR) + " AND worker_id IS NULL))");
        if (ended) {
            handOnLineOf(em, jobId);
        }
        return ended;
    }

    /**
     * A job that leaves its line without a worker's drain (its message dead-lettered) may leave
     * behind jobs that rode on the line without a message of their own: the new head of the line
     * becomes undispatched, so the workers' dispatcher sends it within seconds rather than the
     * stale-head sweep after a minute. Nothing changes while a job of the line runs (its drain
     * takes the next one).
     */
    private static void handOnLineOf(EntityManager em, UUID endedJobId) {
        Object sandboxPk = em.createNativeQuery("SELECT sandbox_pk FROM jobs WHERE id = :id")
                .setParameter("id", endedJobId).getSingleResult();
        if (sandboxPk != null) {
            em.createNativeQuery("UPDATE jobs SET dispatched_at = NULL WHERE id = (" + HEAD_OF_SANDBOX + ") "
                            + "AND dispatched_at IS NOT NULL")
                    .setParameter("pk", sandboxPk)
                    .executeUpdate();
        }
    }

    private static boolean failWhere(EntityManager em, UUID jobId, String code, String message, String condition) {
        return endedOne(em.createNativeQuery(touchingItsSandbox("UPDATE jobs SET status = 'error', "
                        + "error_code = :code, error_message = :message, finished_at = now(), version = version + 1, "
                        + VERDICT_IF_GRADED + " WHERE id = :id AND " + condition))
                .setParameter("code", code)
                .setParameter("message", message)
                .setParameter("id", jobId)
                .getSingleResult());
    }

    /**
     * Ends as {@code error} a job that {@code workerId} holds: a worker that was taken for lost and
     * whose job another worker adopted cannot end it under the adopter.
     */
    public boolean failHeld(EntityManager em, UUID jobId, String workerId, String code, String message) {
        return endedOne(em.createNativeQuery(touchingItsSandbox("UPDATE jobs SET status = 'error', "
                        + "error_code = :code, error_message = :message, finished_at = now(), version = version + 1, "
                        + VERDICT_IF_GRADED + " WHERE id = :id AND worker_id = :worker AND status = "
                        + edge(JobStatus.RUNNING, JobStatus.ERROR)))
                .setParameter("code", code)
                .setParameter("message", message)
                .setParameter("id", jobId)
                .setParameter("worker", workerId)
                .getSingleResult());
    }

    /**
     * Wraps the UPDATE that ends a job so that the same statement marks its sandbox as used (for
     * the idle timeout). To the second is enough there (10 s at least), which spares a sandbox
     * that runs many short jobs a row write per job.
     */
    private static String touchingItsSandbox(String endJob) {
        return "WITH ended AS (" + endJob + " RETURNING sandbox_pk), "
                + "touched AS (UPDATE sandboxes s SET last_used_at = now() FROM ended e WHERE s.pk = e.sandbox_pk "
                + "AND (s.last_used_at IS NULL OR s.last_used_at < now() - interval '1 second') RETURNING 1) "
                + "SELECT count(*) FROM ended";
    }

    private static boolean endedOne(Object count) {
        return ((Number) count).intValue() == 1;
    }

    /**
     * Hands the running jobs of workers whose heartbeat stopped to whichever worker takes their
     * message next: they stay {@code running}, without a worker, and the caller sends their ids
     * in the same transaction. Jobs that already had {@code maxAttempts} workers die under them
     * are not handed on ({@link #failJobsOfLostWorkers}): they may be what kills them.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> orphanJobsOfLostWorkers(EntityManager em, int heartbeatTimeoutSeconds, int maxAttempts,
                                              String sweeper) {
        return em.createNativeQuery("UPDATE jobs j SET worker_id = NULL, dispatched_at = now(), version = j.version + 1 "
                        + "WHERE j.id IN (SELECT o.id FROM jobs o WHERE " + OF_A_LOST_WORKER.formatted("o")
                        + " AND o.attempts < :max FOR UPDATE SKIP LOCKED) RETURNING j.id", UUID.class)
                .setParameter("timeout", heartbeatTimeoutSeconds)
                .setParameter("sweeper", sweeper)
                .setParameter("max", maxAttempts)
                .getResultList();
    }

    /**
     * Ends as {@code error} the running jobs of lost workers that had {@code maxAttempts} workers
     * already, and returns the sandboxes whose line must be restarted.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> failJobsOfLostWorkers(EntityManager em, int heartbeatTimeoutSeconds, int maxAttempts,
                                            String sweeper) {
        return (List<UUID>) em.createNativeQuery("UPDATE jobs j SET status = 'error', "
                        + "error_code = 'worker_lost', error_message = :message, finished_at = now(), version = j.version + 1, "
                        + VERDICT_IF_GRADED + " WHERE " + OF_A_LOST_WORKER.formatted("j") + " AND j.attempts >= :max"
                        + " RETURNING j.sandbox_pk", UUID.class)
                .setParameter("message", "worker lost: " + maxAttempts + " workers in a row stopped while running this "
                        + "job; it is not handed on again. Submit the job again.")
                .setParameter("timeout", heartbeatTimeoutSeconds)
                .setParameter("max", maxAttempts)
                .setParameter("sweeper", sweeper)
                .getResultList();
    }

    /**
     * Hands running jobs of a live worker that lost track of them to whichever worker takes them
     * over next (they stay {@code running}, without a worker): their message is due at once, sent
     * by the dispatcher ({@code dispatched_at} long past).
     */
    public int giveUpForAdoption(EntityManager em, List<UUID> jobIds, String workerId) {
        return em.createNativeQuery("UPDATE jobs SET worker_id = NULL, dispatched_at = now() - interval '1 hour', "
                        + "version = version + 1 WHERE id IN (:ids) AND status = 'running' AND worker_id = :worker")
                .setParameter("ids", jobIds)
                .setParameter("worker", workerId)
                .executeUpdate();
    }

    /**
     * Ends as {@code error} with {@code code} every queued and running job of these sandboxes
     * (their Docker host was lost); returns how many.
     */
    public int failAllOfSandboxes(EntityManager em, List<UUID> sandboxPks, String code, String message) {
        return em.createNativeQuery("UPDATE jobs SET status = 'error', error_code = :code, error_message = :message, "
                        + "finished_at = now(), version = version + 1, " + VERDICT_IF_GRADED
                        + " WHERE sandbox_pk IN (:pks) AND status IN ('queued', 'running')")
                .setParameter("code", code)
                .setParameter("message", message)
                .setParameter("pks", sandboxPks)
                .executeUpdate();
    }

    /** Ends a job whose fate died with its worker; {@code why} completes "the worker running this job stopped, and ...". */
    public boolean failAsWorkerLost(EntityManager em, UUID jobId, String why) {
        return fail(em, jobId, "worker_lost", "worker lost: the worker running this job stopped, and " + why
                + "; its outcome is unknown. Submit the job again.");
    }

    /**
     * Cancels a job: a queued one becomes {@code cancelled} at once and never runs; a running one
     * is flagged, and the worker running it kills its process tree and records {@code cancelled}
     * (so the sandbox's next job starts only after the tree is gone). False when it had finished.
     */
    public boolean cancel(EntityManager em, UUID id) {
        int queued = em.createNativeQuery("UPDATE jobs SET status = 'cancelled', cancel_requested = true, "
                        + "finished_at = now(), version = version + 1 WHERE id = :id AND status = "
                        + edge(JobStatus.QUEUED, JobStatus.CANCELLED))
                .setParameter("id", id)
                .executeUpdate();
        return queued == 1 || em.createNativeQuery("UPDATE jobs SET cancel_requested = true WHERE id = :id AND status = "
                        + edge(JobStatus.RUNNING, JobStatus.CANCELLED))
                .setParameter("id", id)
                .executeUpdate() == 1;
    }

    /** Cancels every unfinished job of a sandbox (it is being destroyed), as {@link #cancel} does. */
    public void cancelAllOfSandbox(EntityManager em, UUID sandboxPk) {
        cancelAllWhere(em, "sandbox_pk", sandboxPk);
    }

    /** Cancels every unfinished job of a batch, as {@link #cancel} does. */
    public void cancelAllOfBatch(EntityManager em, UUID batchId) {
        cancelAllWhere(em, "batch_id", batchId);
    }

    private static void cancelAllWhere(EntityManager em, String column, UUID value) {
        em.createNativeQuery("UPDATE jobs SET status = 'cancelled', cancel_requested = true, finished_at = now(), "
                        + "version = version + 1 WHERE " + column + " = :value AND status = "
                        + edge(JobStatus.QUEUED, JobStatus.CANCELLED))
                .setParameter("value", value)
                .executeUpdate();
        em.createNativeQuery("UPDATE jobs SET cancel_requested = true WHERE " + column + " = :value AND status = "
                        + edge(JobStatus.RUNNING, JobStatus.CANCELLED))
                .setParameter("value", value)
                .executeUpdate();
    }

    /**
     * Records that these jobs' messages reached the broker (or were sent again), so the dispatcher
     * leaves them alone for a while. Rows another transaction holds are skipped, never waited for
     * (a batch's cancellation may hold hundreds): such a job is at worst sent once more, which the
     * workers' conditional claim turns into a no-op.
     */
    public void markDispatched(EntityManager em, List<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        em.createNativeQuery("UPDATE jobs SET dispatched_at = now() WHERE id IN (SELECT id FROM jobs "
                        + "WHERE id IN (:ids) FOR UPDATE SKIP LOCKED)")
                .setParameter("ids", ids)
                .executeUpdate();
    }
}
