package dev.boxcar.api.problem;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells an outage of the database from a bug: API.md wants a dependency outage answered 503 with
 * Retry-After, never 500. An exception counts when something in its cause chain is a connection
 * failure: an SQLException of SQLSTATE class 08 (connection exception) or 57P0x (server shutting
 * down, not accepting connections), a transient connection exception, or the connector's "could
 * not get a connection" (a ResourceException).
 */
public final class DependencyOutage {
    private DependencyOutage() {
    }

    public static boolean isDatabaseOutage(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
            String type = t.getClass().getName();
            if (type.endsWith(".ResourceException") || type.endsWith("JDBCConnectionException")) {
                return true;
            }
        }
        return false;
    }
}
