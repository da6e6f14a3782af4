package dev.boxcar.core.db;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells the database blinking from a statement being wrong, by what is anywhere in a failure's
 * cause chain (Hibernate and the connectors wrap JDBC's exceptions once or twice). The API
 * answers an outage 503 with Retry-After, never 500; the worker runs a transient failure's
 * transaction again.
 */
public final class DatabaseFailures {
    /** Serialization failure, deadlock, out of connections or resources: worth another try, no outage. */
    private static final Set<String> CONFLICT_STATES = Set.of("40001", "40P01", "53000", "53100", "53200", "53300");

    private DatabaseFailures() {
    }

    /**
     * The database cannot be reached: SQLSTATE class 08 (connection exception) or 57P0x (server
     * shutting down, restarting, not accepting connections), a transient or recoverable connection
     * exception, or a connector's "could not get a connection".
     */
    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
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

    /** An outage, or a conflict that another try resolves (deadlock, serialization, no connection slots). */
    public static boolean isTransient(Throwable failure) {
        if (isOutage(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && CONFLICT_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause, for a log line. */
    public static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
