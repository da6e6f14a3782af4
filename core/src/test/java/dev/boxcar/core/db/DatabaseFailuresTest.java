package dev.boxcar.core.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {
    private static RuntimeException wrapped(Throwable cause) {
        // What Hibernate throws around a JDBC failure, once or twice.
        return new IllegalStateException("outer", new RuntimeException("Unable to rollback against JDBC Connection", cause));
    }

    @Test
    void connectionFailuresAnywhereInTheCauseChainAreOutages() {
        assertTrue(DatabaseFailures.isOutage(wrapped(new SQLException("Connection refused", "08001"))));
        assertTrue(DatabaseFailures.isOutage(wrapped(new SQLException("An I/O error occurred", "08006"))));
        assertTrue(DatabaseFailures.isOutage(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(DatabaseFailures.isOutage(wrapped(new SQLException("the database system is starting up", "57P03"))));
        assertTrue(DatabaseFailures.isOutage(new RuntimeException(new SQLTransientConnectionException("pool timed out"))));
    }

    @Test
    void conflictsAreTransientButNoOutage() {
        SQLException deadlock = new SQLException("deadlock detected", "40P01");
        assertTrue(DatabaseFailures.isTransient(wrapped(deadlock)));
        assertFalse(DatabaseFailures.isOutage(wrapped(deadlock)));
        assertTrue(DatabaseFailures.isTransient(wrapped(new SQLException("could not serialize", "40001"))));
    }

    @Test
    void aWrongStatementIsNeither() {
        for (Throwable wrong : new Throwable[] {wrapped(new SQLException("syntax error", "42601")),
                new SQLException("duplicate key", "23505"), new IllegalStateException("a bug"), new SQLException("no state")}) {
            assertFalse(DatabaseFailures.isTransient(wrong), wrong::toString);
            assertFalse(DatabaseFailures.isOutage(wrong), wrong::toString);
        }
    }
}
