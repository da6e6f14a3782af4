package dev.boxcar.worker.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.boxcar.core.db.DatabaseFailures;
import dev.boxcar.store.StandalonePersistenceUnit;
import dev.boxcar.worker.WorkerConfig;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The worker's Hibernate setup ({@link StandalonePersistenceUnit}) over a small HikariCP pool. */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** How long a transaction is tried again while the database is away (a restart takes seconds). */
    private static final Duration RETRY_FOR = Duration.ofSeconds(120);

    private final HikariDataSource dataSource;
    private final EntityManagerFactory emf;

    public Database(WorkerConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.dbUrl());
        hikari.setUsername(config.dbUser());
        hikari.setPassword(config.dbPassword());
        hikari.setMaximumPoolSize(config.concurrency() + 4);
        hikari.setPoolName("boxcar-worker");
        // A database that is away fails a checkout within seconds, into inTransaction's retries,
        // rather than holding a thread for the pool's default 30 s.
        hikari.setConnectionTimeout(5_000);
        this.dataSource = new HikariDataSource(hikari);
        this.emf = StandalonePersistenceUnit.over(dataSource);
    }

    /**
     * Runs {@code work} in one transaction and returns its value; rolls back on any exception. A
     * transaction that failed because the database blinked (lost connection, restart, deadlock,
     * serialization conflict) runs again, with backoff, for up to {@link #RETRY_FOR}: a job must
     * never fail because PostgreSQL restarted. Work is written to be safe to repeat (conditional
     * updates), since a commit whose answer was lost may have happened.
     */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        return retried(() -> once(work));
    }

    /** JDBC work of one transaction on a connection of the pool (no entity manager). */
    @FunctionalInterface
    public interface JdbcWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /**
     * {@link #inTransaction}, in plain JDBC: for the statements run once per job (claim, finish),
     * where an entity manager and its transaction would cost more than the statement. Retried the
     * same way.
     */
    public <T> T inJdbcTransaction(JdbcWork<T> work) {
        return retried(() -> onceJdbc(work));
    }

    private <T> T onceJdbc(JdbcWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T value = work.apply(connection);
                connection.commit();
                return value;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new JdbcFailure(e);
        }
    }

    /** A JDBC failure, unchecked, with its SQLException as the cause ({@link DatabaseFailures} reads the chain). */
    public static final class JdbcFailure extends RuntimeException {
        JdbcFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private <T> T retried(java.util.function.Supplier<T> once) {
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        long backoffMs = 100;
        while (true) {
            try {
                return once.get();
            } catch (RuntimeException e) {
                if (!DatabaseFailures.isTransient(e) || System.nanoTime() + backoffMs * 1_000_000 > deadline) {
                    throw e;
                }
                LOG.warn("database unavailable ({}); trying again in {} ms", DatabaseFailures.summary(e), backoffMs);
                sleep(backoffMs, e);
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
    }

    private static void sleep(long ms, RuntimeException failure) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private <T> T once(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T value = work.apply(em);
            tx.commit();
            return value;
        } catch (RuntimeException e) {
            rollbackQuietly(tx, e);
            throw e;
        } finally {
            em.close();
        }
    }

    /** A rollback on a dead connection fails too; the first failure is the one that tells why. */
    private static void rollbackQuietly(EntityTransaction tx, RuntimeException cause) {
        try {
            if (tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    public void inTransactionDo(Consumer<EntityManager> work) {
        inTransaction(em -> {
            work.accept(em);
            return null;
        });
    }

    @Override
    public void close() {
        emf.close();
        dataSource.close();
    }
}
