package dev.boxcar.api.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DependencyOutageTest {

    @Test
    void connectionFailuresAnywhereInTheCauseChainAreOutages() {
        assertTrue(DependencyOutage.isDatabaseOutage(new RuntimeException("tx",
                new IllegalStateException(new SQLException("Connection refused", "08001")))));
        assertTrue(DependencyOutage.isDatabaseOutage(new SQLException("terminating connection", "57P01")));
        assertTrue(DependencyOutage.isDatabaseOutage(new RuntimeException(new SQLTransientConnectionException("pool"))));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(DependencyOutage.isDatabaseOutage(new SQLException("duplicate key", "23505")));
        assertFalse(DependencyOutage.isDatabaseOutage(new IllegalStateException("a bug")));
        assertFalse(DependencyOutage.isDatabaseOutage(new SQLException("no state")));
    }
}
