package dev.boxcar.store;

import dev.boxcar.core.batch.Batch;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.process.SandboxProcess;
import dev.boxcar.core.sandbox.Sandbox;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceProvider;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * A programmatic persistence unit over Hibernate, for programs outside the application server
 * (the worker, the store's integration test): Boxcar's entities are listed, not scanned for.
 * Hibernate validates the schema that Flyway owns; it never generates it.
 */
public final class StandalonePersistenceUnit implements PersistenceUnitInfo {
    private final List<String> entityClasses = List.of(Job.class.getName(), Sandbox.class.getName(),
            Batch.class.getName(), SandboxProcess.class.getName());

    /** An EntityManagerFactory for Boxcar's entities over {@code dataSource} (resource-local transactions). */
    public static EntityManagerFactory over(DataSource dataSource) {
        Map<String, Object> settings = Map.of(
                "hibernate.hbm2ddl.auto", "validate",
                "hibernate.connection.provider_disables_autocommit", "false",
                "jakarta.persistence.nonJtaDataSource", dataSource);
        PersistenceUnitInfo unit = new StandalonePersistenceUnit();
        try {
            PersistenceProvider provider = (PersistenceProvider) Class.forName(unit.getPersistenceProviderClassName())
                    .getDeclaredConstructor().newInstance();
            return provider.createContainerEntityManagerFactory(unit, settings);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Hibernate is not on the class path", e);
        }
    }

    @Override public String getPersistenceUnitName() { return "boxcar-standalone"; }
    @Override public String getPersistenceProviderClassName() { return "org.hibernate.jpa.HibernatePersistenceProvider"; }
    @Override public PersistenceUnitTransactionType getTransactionType() { return PersistenceUnitTransactionType.RESOURCE_LOCAL; }
    @Override public DataSource getJtaDataSource() { return null; }
    @Override public DataSource getNonJtaDataSource() { return null; }
    @Override public List<String> getMappingFileNames() { return List.of(); }
    @Override public List<URL> getJarFileUrls() { return List.of(); }
    @Override public URL getPersistenceUnitRootUrl() { return null; }
    @Override public List<String> getManagedClassNames() { return entityClasses; }
    @Override public boolean excludeUnlistedClasses() { return true; }
    @Override public SharedCacheMode getSharedCacheMode() { return SharedCacheMode.NONE; }
    @Override public ValidationMode getValidationMode() { return ValidationMode.NONE; }
    @Override public Properties getProperties() { return new Properties(); }
    @Override public String getPersistenceXMLSchemaVersion() { return "3.1"; }
    @Override public ClassLoader getClassLoader() { return getClass().getClassLoader(); }
    @Override public void addTransformer(ClassTransformer transformer) { }
    @Override public ClassLoader getNewTempClassLoader() { return null; }
}
