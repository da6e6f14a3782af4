package dev.boxcar.api.waiting;

import dev.boxcar.api.config.ApiConfig;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * One dedicated PostgreSQL connection that LISTENs for {@code boxcar_job_finished} (sent by a
 * trigger, schema/V1) and wakes the long-polls waiting for those jobs. It reconnects on failure
 * and then asks every waiter to look again, since notifications sent meanwhile are lost.
 */
@ApplicationScoped
public class JobFinishedListener {
    static final String CHANNEL = "boxcar_job_finished";
    private static final Logger LOG = Logger.getLogger(JobFinishedListener.class.getName());

    @Inject
    ApiConfig config;
    @Inject
    Waiters waiters;
    @Resource
    ManagedThreadFactory threads;

    private volatile boolean running;
    private Thread thread;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        running = true;
        thread = threads.newThread(this::listenForever);
        thread.setName("boxcar-job-finished-listener");
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void listenForever() {
        boolean reconnecting = false;
        while (running) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (reconnecting) {
                    waiters.recheckAll();
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            dispatch(n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warning(() -> "job notification listener lost the database (" + e.getMessage() + "); retrying");
                    reconnecting = true;
                    pause();
                }
            }
        }
    }

    /** Payload: {@code jobId,batchId} (batch empty when none); both wake their waiters. */
    private void dispatch(String payload) {
        try {
            for (String id : payload.split(",")) {
                if (!id.isEmpty()) {
                    waiters.notified(UUID.fromString(id));
                }
            }
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "ignoring malformed job notification: " + payload);
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", config.dbUser());
        props.setProperty("password", config.dbPassword());
        props.setProperty("tcpKeepAlive", "true");
        Connection connection = new org.postgresql.Driver().connect(config.dbUrl(), props);
        if (connection == null) {
            throw new SQLException("BOXCAR_DB_URL is not a PostgreSQL JDBC URL");
        }
        connection.setAutoCommit(true);
        return connection;
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
