package dev.boxcar.worker.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.boxcar.core.batch.Batch;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.process.SandboxProcess;
import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.worker.WorkerConfig;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.jpa.HibernatePersistenceProvider;

/**
 * The worker's Hibernate setup over a small HikariCP pool. Hibernate validates the schema that
 * Flyway owns; it never generates it.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final EntityManagerFactory emf;

    public Database(WorkerConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.dbUrl());
        hikari.setUsername(config.dbUser());
        hikari.setPassword(config.dbPassword());
        hikari.setMaximumPoolSize(config.concurrency() + 4);
        hikari.setPoolName("boxcar-worker");
        this.dataSource = new HikariDataSource(hikari);
        Map<String, Object> settings = Map.of(
                "hibernate.hbm2ddl.auto", "validate",
                "hibernate.connection.provider_disables_autocommit", "false",
                "jakarta.persistence.nonJtaDataSource", dataSource);
        this.emf = new HibernatePersistenceProvider().createContainerEntityManagerFactory(
                new WorkerPersistenceUnit(List.of(Job.class.getName(), Sandbox.class.getName(), Batch.class.getName(),
                        SandboxProcess.class.getName())), settings);
    }

    /** Runs {@code work} in one transaction and returns its value; rolls back on any exception. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T value = work.apply(em);
            tx.commit();
            return value;
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            em.close();
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
