package dev.boxcar.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the versioned migrations under {@code db/migration}. Run once by whoever owns the
 * schema at start-up ({@code boxcar up} calls it before the API and workers start), never by
 * every worker racing: Hibernate only validates.
 */
public final class SchemaMigrator {

    private SchemaMigrator() {
    }

    public static MigrateResult migrate(String jdbcUrl, String user, String password) {
        return Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
