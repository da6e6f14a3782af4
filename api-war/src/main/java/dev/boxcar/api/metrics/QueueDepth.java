package dev.boxcar.api.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Jobs waiting or running, counted in the database when scraped (the queue is the jobs table; the
 * broker only carries wake-ups). Every API instance reports the same numbers: aggregate with max,
 * not sum. A database that does not answer leaves the last numbers in place.
 */
@ApplicationScoped
public class QueueDepth {
    private static final Logger LOG = Logger.getLogger(QueueDepth.class.getName());
    private static final String[] STATUSES = {"queued", "running"};

    @Resource(lookup = "java:jboss/datasources/BoxcarDS")
    DataSource dataSource;

    private final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private final AtomicLong orphans = new AtomicLong();

    void register(MeterRegistry registry) {
        for (String status : STATUSES) {
            Gauge.builder("boxcar.queue.depth", byStatus.computeIfAbsent(status, s -> new AtomicLong()), AtomicLong::get)
                    .description("Jobs by status, as the database has them").tag("status", status).register(registry);
        }
        Gauge.builder("boxcar.queue.awaiting.adoption", orphans, AtomicLong::get)
                .description("Running jobs whose worker was lost and that no worker has adopted yet").register(registry);
    }

    void refresh() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            byStatus.values().forEach(count -> count.set(0));
            try (ResultSet rows = statement.executeQuery("SELECT status, count(*), count(*) FILTER (WHERE status = "
                    + "'running' AND worker_id IS NULL) FROM jobs WHERE status IN ('queued', 'running') GROUP BY status")) {
                long awaiting = 0;
                while (rows.next()) {
                    byStatus.computeIfAbsent(rows.getString(1), s -> new AtomicLong()).set(rows.getLong(2));
                    awaiting += rows.getLong(3);
                }
                orphans.set(awaiting);
            }
        } catch (SQLException e) {
            LOG.fine(() -> "queue depth not refreshed: " + e.getMessage());
        }
    }
}
