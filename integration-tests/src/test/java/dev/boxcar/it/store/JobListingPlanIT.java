package dev.boxcar.it.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.Stack;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A page of one sandbox's jobs ({@code GET /jobs?sandboxId=}) is read through an index in page
 * order: its cost is the page, not the table. Before V9 it was a sequential scan of every
 * tenant's jobs, which any tenant could make the database do as often as it liked. The query is
 * the shape the API's JobRepository.page issues; sequential scans are switched off so that the
 * plan does not depend on how many rows the test database holds today.
 */
class JobListingPlanIT {

    @Test
    void aSandboxPageIsAnIndexScanInPageOrder() throws SQLException {
        String plan = plan("SELECT j.id, coalesce(length(j.result), 0) FROM jobs j WHERE j.tenant = ? AND j.sandbox_id = ? "
                + "ORDER BY j.created_at DESC, j.id DESC LIMIT 501");
        assertTrue(plan.contains(" using jobs_sandbox_page "), plan);
        assertFalse(plan.contains("Sort"), "the index gives the page order: " + plan);
    }

    @Test
    void aLaterSandboxPageStartsInTheSameIndex() throws SQLException {
        String plan = plan("SELECT j.id, coalesce(length(j.result), 0) FROM jobs j WHERE j.tenant = ? AND j.sandbox_id = ? "
                + "AND (j.created_at < now() OR (j.created_at = now() AND j.id < gen_random_uuid())) "
                + "ORDER BY j.created_at DESC, j.id DESC LIMIT 501");
        assertTrue(plan.contains(" using jobs_sandbox_page "), plan);
        assertFalse(plan.contains("Sort"), plan);
    }

    private static String plan(String query) throws SQLException {
        try (Connection db = Stack.database()) {
            db.setAutoCommit(false);
            try (Statement settings = db.createStatement()) {
                settings.execute("SET LOCAL enable_seqscan = off");
            }
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement explain = db.prepareStatement("EXPLAIN " + query)) {
                explain.setString(1, "it-plan-tenant");
                explain.setString(2, "it-plan-sandbox");
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
            }
            db.rollback();
            return plan.toString();
        }
    }
}
