package dev.boxcar.api.job;

import dev.boxcar.api.metrics.ApiMetrics;
import dev.boxcar.api.problem.Problems;
import dev.boxcar.core.job.Job;
import dev.boxcar.store.JobStates;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Group commit of exec submissions to live sandboxes: submissions that arrive together share one
 * statement, one transaction and one commit. One request at a time leads: it stores itself and
 * whatever waits (oldest first), wakes those it stored, and hands the lead to the oldest
 * submission that arrived meanwhile. A submission that arrives alone leads a group of one at once,
 * so a quiet API adds no wait.
 * <p>
 * Why: at a thousand submissions a second, a JTA transaction, a pooled connection and a commit per
 * request were most of what the API and PostgreSQL spent on each, and every request in flight held
 * a database backend awake on the same two cores. A group runs on a plain JDBC connection outside
 * JTA, so callers must not be in a transaction.
 * <p>
 * The group's transaction ({@link JobStates#insertIntoLiveSandboxes}: its sandboxes locked, its jobs
 * inserted, one commit) has the outcome of storing its jobs one after the other, and never waits
 * for a lock, so grouping changes no answer and one
 * tenant's busy sandbox holds up nobody else's jobs. A job whose sandbox is missing, being
 * destroyed, lost or locked is not stored here, and neither is any job of a group that PostgreSQL
 * refused (rolled back whole): the caller then takes the entity path, in a transaction of its own.
 */
@ApplicationScoped
public class SubmissionGroups {
    private static final Logger LOG = Logger.getLogger(SubmissionGroups.class.getName());
    /** Bounds how long one group holds its sandboxes' locks and its leader's request. */
    private static final int MAX_GROUP = 64;
    /**
     * A group never waits for a lock, so only an overloaded or stuck database makes it slow; then
     * its submissions try alone, each in its own request, rather than hold up every later group.
     */
    private static final int QUERY_TIMEOUT_SECONDS = 10;
    private static final int OUTAGE_RETRY_AFTER_SECONDS = 5;

    @Resource(lookup = "java:jboss/datasources/BoxcarDS")
    DataSource dataSource;
    @Inject
    Event<JobAccepted> accepted;
    @Inject
    ApiMetrics metrics;

    private final JobStates states = new JobStates();
    private final Object lock = new Object();
    /** Submissions that arrived while a group was being stored, oldest first. */
    private final ArrayDeque<Submission> waiting = new ArrayDeque<>();
    /** Whether some submission leads now; leadership passes from leader to leader while any wait. */
    private boolean leaderActive;

    private enum Turn { WAIT, LEAD, DONE }

    /** One job to store, and the thread waiting for it (woken alone: no herd of waiters per commit). */
    private static final class Submission {
        final Job job;
        final Thread thread = Thread.currentThread();
        volatile Turn turn = Turn.WAIT;
        /**
         * Written by its group's leader before {@link #turn} becomes DONE. Unknown until the leader
         * knows: a group that failed in any other way answers 503, and never stores a job twice.
         */
        boolean outcomeKnown;
        Optional<Job> stored = Optional.empty();

        Submission(Job job) {
            this.job = job;
        }
    }

    /**
     * Stores a queued exec job (its sandbox pk unset) in the line of its live sandbox. The job as
     * stored, or empty when it was not stored and the caller must take the entity path; 503 when
     * the database did not say whether the group was stored.
     */
    public Optional<Job> insert(Job job) {
        Submission mine = new Submission(job);
        synchronized (lock) {
            if (leaderActive) {
                waiting.add(mine);
            } else {
                leaderActive = true;
                mine.turn = Turn.LEAD;
            }
        }
        awaitTurn(mine);
        if (mine.turn == Turn.LEAD) {
            lead(mine);
        }
        if (!mine.outcomeKnown) {
            // A database outage, in all likelihood: answered as one (API.md), with Retry-After.
            throw Problems.unavailable("the database did not confirm the job; it may have been stored: "
                    + "look for it among the sandbox's jobs before submitting it again").retryAfter(OUTAGE_RETRY_AFTER_SECONDS);
        }
        return mine.stored;
    }

    /** Stores the leader's group (itself and what waits, oldest first), then wakes it and the next leader. */
    private void lead(Submission leader) {
        // Sized once: taking members from the queue allocates nothing that could fail half way.
        List<Submission> group = new ArrayList<>(MAX_GROUP);
        group.add(leader);
        long start = System.nanoTime();
        try {
            synchronized (lock) {
                while (!waiting.isEmpty() && group.size() < MAX_GROUP) {
                    group.add(waiting.poll());
                }
            }
            store(group);
        } finally {
            handOff(group);
        }
        metrics.submissionGroupStored(group.size(), System.nanoTime() - start);
    }

    /** Wakes the group's members and passes the lead to the oldest waiting submission, if any. */
    private void handOff(List<Submission> group) {
        Submission next;
        synchronized (lock) {
            next = waiting.poll();
            leaderActive = next != null;
        }
        for (Submission member : group) {
            wake(member, Turn.DONE);
        }
        if (next != null) {
            wake(next, Turn.LEAD);
        }
    }

    private static void wake(Submission submission, Turn turn) {
        submission.turn = turn;
        LockSupport.unpark(submission.thread);
    }

    private static void awaitTurn(Submission mine) {
        boolean interrupted = false;
        while (mine.turn == Turn.WAIT) {
            LockSupport.park(mine);
            // The job may be in a group being committed: its outcome must be waited for.
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void store(List<Submission> group) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "no connection for a group of " + group.size() + " submission(s); storing them one by one", e);
            fallBack(group);
            return;
        }
        List<Optional<JobStates.LineInsert>> inserts;
        boolean committing = false;
        boolean committed = false;
        try {
            // One transaction for the whole group: its sandboxes locked, its jobs inserted, one commit.
            connection.setAutoCommit(false);
            inserts = states.insertIntoLiveSandboxes(connection, group.stream().map(s -> s.job).toList(),
                    QUERY_TIMEOUT_SECONDS);
            committing = true;
            connection.commit();
            committed = true;
        } catch (SQLException | RuntimeException e) {
            rollBackQuietly(connection);
            if (!committing || (e instanceof SQLException refused && rolledBack(refused))) {
                // Nothing of it was committed: each job takes the entity path.
                LOG.log(Level.WARNING, "a group of " + group.size() + " submission(s) was not stored; storing them one by one", e);
                fallBack(group);
            } else {
                LOG.log(Level.WARNING, "a group of " + group.size() + " submission(s) may have been stored", e);
            }
            return;
        } finally {
            if (!committed) {
                // An Error too: restoring autocommit must not commit what is half done.
                rollBackQuietly(connection);
            }
            autoCommitAgain(connection);
            closeQuietly(connection);
        }
        for (int i = 0; i < group.size(); i++) {
            Optional<JobStates.LineInsert> insert = inserts.get(i);
            Submission member = group.get(i);
            if (insert.isPresent() && insert.get().inserted()) {
                member.stored = Optional.of(member.job.placedIn(insert.get().sandboxPk()));
            } else {
                metrics.submissionsLeftToEntityPath(1, "sandbox_not_free");
            }
            member.outcomeKnown = true;
        }
        for (int i = 0; i < group.size(); i++) {
            if (group.get(i).stored.isPresent()) {
                announce(group.get(i).stored.get(), inserts.get(i).get());
            }
        }
    }

    /** Nothing of the group is stored: each of its jobs takes the entity path on its own. */
    private void fallBack(List<Submission> group) {
        group.forEach(member -> member.outcomeKnown = true);
        metrics.submissionsLeftToEntityPath(group.size(), "group_refused");
    }

    /**
     * Whether PostgreSQL answered the commit with an error, which rolled the group back: not a
     * lost connection (08) or a server going down (57P), after which the commit may have happened.
     */
    private static boolean rolledBack(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("57014") || !(state.startsWith("08") || state.startsWith("57")));
    }

    /** No transaction is active here: the after-commit observers (dispatch, metrics) run now. */
    private void announce(Job job, JobStates.LineInsert insert) {
        try {
            accepted.fire(JobAccepted.inLine(job, insert));
        } catch (RuntimeException e) {
            // The job is committed: without its message the workers' dispatcher sends it.
            LOG.log(Level.WARNING, "job " + job.getId() + " is stored but could not be announced", e);
        }
    }

    /** The pool's connections are handed out in autocommit; this one goes back so. */
    private static void autoCommitAgain(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            // A broken connection: the pool drops it.
        }
    }

    private static void rollBackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            // A lost connection rolled it back already; the pool drops it.
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "closing a pooled connection failed", e);
        }
    }
}
