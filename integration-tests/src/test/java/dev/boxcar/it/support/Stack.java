package dev.boxcar.it.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The running stack's processes, for the failure tests: which worker runs a job (from the real
 * database), killing components by their pid files, and {@code ./boxcar revive} / {@code ./boxcar
 * restart} to start again what was killed.
 */
public final class Stack {
    private Stack() {
    }

    /** A connection of its own to the stack's database, as the API and workers use it. */
    public static Connection database() throws SQLException {
        return DriverManager.getConnection(env("BOXCAR_DB_URL", "jdbc:postgresql://127.0.0.1:5432/boxcar"),
                env("BOXCAR_DB_USER", "boxcar"), env("BOXCAR_DB_PASSWORD", "boxcar"));
    }

    /** The PostgreSQL backend (server process) of a database session. */
    public static long backendPid(Connection db) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT pg_backend_pid()"); ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Whether a database session waits for a lock that the session of backend {@code holder} holds. */
    public static boolean someoneWaitsFor(long holder) {
        try (Connection db = database();
             PreparedStatement waiting = db.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))")) {
            waiting.setInt(1, (int) holder);
            try (ResultSet rows = waiting.executeQuery()) {
                return rows.next() && rows.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query the database", e);
        }
    }

    /** Whether the session of backend {@code waiter} waits for a lock that backend {@code holder} holds. */
    public static boolean waitsFor(long waiter, long holder) {
        try (Connection db = database();
             PreparedStatement waiting = db.prepareStatement("SELECT ?::int = ANY (pg_blocking_pids(?::int))")) {
            waiting.setInt(1, (int) holder);
            waiting.setInt(2, (int) waiter);
            try (ResultSet row = waiting.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query the database", e);
        }
    }

    /** The pid of the worker process that has claimed the job. */
    public static long workerPidOf(String jobId) {
        try (Connection db = database();
             PreparedStatement query = db.prepareStatement(
                     "SELECT w.pid FROM jobs j JOIN workers w ON w.id = j.worker_id WHERE j.id = ?")) {
            query.setObject(1, UUID.fromString(jobId));
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("job " + jobId + " has no worker");
                }
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query the database", e);
        }
    }

    /**
     * Moves when a finished job or an ended process ended {@code days} into the past, as if time
     * had passed (the retention test cannot wait a week).
     */
    public static void backdateEnd(String table, String id, int days) {
        String column = "jobs".equals(table) ? "finished_at" : "ended_at";
        if (!"jobs".equals(table) && !"processes".equals(table)) {
            throw new IllegalArgumentException(table);
        }
        try (Connection db = database();
             PreparedStatement update = db.prepareStatement("UPDATE " + table + " SET " + column + " = " + column
                     + " - make_interval(days => ?) WHERE id = ?")) {
            update.setInt(1, days);
            update.setObject(2, UUID.fromString(id));
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException(table + " " + id + " not found");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update the database", e);
        }
    }

    /** The workers that beat within the last five seconds (the live ones). */
    public static java.util.List<String> liveWorkerIds() {
        return query("SELECT id FROM workers WHERE heartbeat_at > now() - interval '5 seconds'", rows -> {
            java.util.List<String> ids = new java.util.ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        });
    }

    /** How many seconds ago the stalest of these workers last beat. */
    public static double stalestHeartbeatSeconds(java.util.List<String> workerIds) {
        return query("SELECT coalesce(max(extract(epoch FROM now() - heartbeat_at)), 0) FROM workers WHERE id = ANY('{"
                + String.join(",", workerIds) + "}'::text[])", rows -> {
                    rows.next();
                    return rows.getDouble(1);
                });
    }

    private interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private static <T> T query(String sql, Rows<T> read) {
        try (Connection db = database();
             PreparedStatement query = db.prepareStatement(sql);
             ResultSet rows = query.executeQuery()) {
            return read.read(rows);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query the database", e);
        }
    }

    /** Puts a job message on a queue of the real broker, as the broker itself would. */
    public static void sendJobMessage(String queue, String jobId) {
        try (var factory = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(
                env("BOXCAR_BROKER_URL", "tcp://127.0.0.1:61616"), env("BOXCAR_BROKER_USER", "boxcar"),
                env("BOXCAR_BROKER_PASSWORD", "boxcar"));
             jakarta.jms.JMSContext context = factory.createContext()) {
            context.createProducer().send(context.createQueue(queue), "{\"v\":1,\"jobId\":\"" + jobId + "\"}");
        }
    }

    /** What a running exec job has printed so far, as the workers copy it (about once a second). */
    public static String liveStdoutOf(String jobId) {
        try (Connection db = database();
             PreparedStatement query = db.prepareStatement("SELECT stdout FROM job_live_output WHERE job_id = ?")) {
            query.setObject(1, UUID.fromString(jobId));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? new String(rows.getBytes(1), java.nio.charset.StandardCharsets.UTF_8) : "";
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query the database", e);
        }
    }

    /** Stops the PostgreSQL cluster ./boxcar started (fast mode: sessions are cut, as in a crash restart). */
    public static void stopDatabase() {
        run(with(postgresCluster(), "pg_ctlcluster", "stop", "-m", "fast"));
    }

    public static void startDatabase() {
        run(with(postgresCluster(), "pg_ctlcluster", "start"));
    }

    private static String[] postgresCluster() {
        Path file = Path.of(env("BOXCAR_TEST_RUN_DIR", ".boxcar/run")).resolve("postgres.started");
        try {
            return Files.readString(file).trim().split("\\s+");
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL was not started by ./boxcar (no " + file
                    + "), so this test cannot stop it", e);
        }
    }

    /** pg_ctlcluster VERSION NAME ACTION [options]. */
    private static String[] with(String[] cluster, String program, String action, String... options) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(program, cluster[0], cluster[1], action));
        command.addAll(java.util.List.of(options));
        return command.toArray(String[]::new);
    }

    /** How many times the workers' logs say the database was away (grows while they meet an outage). */
    public static long databaseAwayLinesInWorkerLogs() {
        Path logs = Path.of(env("BOXCAR_TEST_RUN_DIR", ".boxcar/run")).resolveSibling("logs");
        try (var files = Files.list(logs)) {
            return files.filter(f -> f.getFileName().toString().matches("worker-\\d+\\.log")).mapToLong(f -> {
                try (var lines = Files.lines(f, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    return lines.filter(line -> line.contains("database unavailable")).count();
                } catch (IOException | java.io.UncheckedIOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the worker logs in " + logs, e);
        }
    }

    public static void kill9(long pid) {
        run("kill", "-9", Long.toString(pid));
    }

    /** Kills a component started by ./boxcar (e.g. "api", "worker-1") with -9 through its pid file. */
    public static long kill9(String component) {
        long pid = runningPidOf(component);
        kill9(pid);
        return pid;
    }

    /**
     * Freezes a component started by ./boxcar (e.g. "dockerd") with SIGSTOP: it keeps its
     * connections and answers nothing, the way a hung process does. {@link #thaw} resumes it.
     */
    public static void freeze(String component) {
        run("kill", "-STOP", Long.toString(runningPidOf(component)));
    }

    /** Resumes a component {@link #freeze} froze. */
    public static void thaw(String component) {
        run("kill", "-CONT", Long.toString(runningPidOf(component)));
    }

    /** Stops a component started by ./boxcar (e.g. "artemis") through its pid file, and waits for it to exit. */
    public static void stop(String component) {
        long pid = runningPidOf(component);
        run("kill", "-TERM", Long.toString(pid));
        Poll.until(java.time.Duration.ofSeconds(30), component + " to exit", () -> !isAlive(component));
    }

    /** The pid of a component that runs; never a pid the kernel has since given to another process. */
    private static long runningPidOf(String component) {
        if (!isAlive(component)) {
            throw new IllegalStateException(component + " does not run (pid file " + runDir().resolve(component + ".pid")
                    + "): nothing to kill");
        }
        return pidOf(component);
    }

    /** The brokers of {@code ./boxcar}: the primary, and the backup of a pair (BOXCAR_BROKERS=2), with their ports. */
    private static final Map<String, Integer> BROKER_PORTS = Map.of("artemis", 61616, "artemis-2", 61617);

    /** Whether the stack runs a primary/backup broker pair ({@code ./boxcar test} does: BOXCAR_BROKERS=2). */
    public static boolean brokerPair() {
        return Files.exists(runDir().resolve("artemis-2.pid"));
    }

    /**
     * The broker that serves now ("artemis" or "artemis-2"), or null: the one that accepts
     * connections (a shared-store backup listens only once it has taken over).
     */
    public static String liveBroker() {
        for (String name : List.of("artemis", "artemis-2")) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", BROKER_PORTS.get(name)), 500);
                return name;
            } catch (IOException refused) {
                // not this one
            }
        }
        return null;
    }

    /** Kills every broker with -9, a pair's backup first (else it would take over): no broker at all. */
    public static void kill9Brokers() {
        if (isAlive("artemis-2")) {
            kill9("artemis-2");
        }
        kill9("artemis");
    }

    /** Stops every broker, a pair's backup first (a stopped primary hands over to a running backup). */
    public static void stopBrokers() {
        if (isAlive("artemis-2")) {
            stop("artemis-2");
        }
        stop("artemis");
    }

    private static Path runDir() {
        return Path.of(env("BOXCAR_TEST_RUN_DIR", ".boxcar/run"));
    }

    public static long pidOf(String component) {
        return pidIn(runDir(), component);
    }

    private static long pidIn(Path runDir, String component) {
        Path file = runDir.resolve(component + ".pid");
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("no pid file " + file, e);
        }
    }

    /**
     * Whether a component started by ./boxcar runs: not a zombie, and not a stranger that the kernel
     * gave its pid to after it died (pids wrap at 32768 here; the script records each process's
     * start time next to its pid file, {@code boxcar} "remember_pid").
     */
    public static boolean isAlive(String component) {
        return isAlive(runDir(), component);
    }

    /** {@link #isAlive(String)} for the pid files in {@code runDir}. */
    public static boolean isAlive(Path runDir, String component) {
        try {
            String[] stat = statFields(pidIn(runDir, component));
            return stat != null && !stat[0].equals("Z") && isTheRecordedProcess(runDir.resolve(component + ".pid"), stat);
        } catch (IllegalStateException noPidFile) {
            return false;
        }
    }

    /** The start time of a process, as /proc/PID/stat and the script's FILE.pid.start give it. */
    public static String startTicks(long pid) {
        String[] stat = statFields(pid);
        if (stat == null) {
            throw new IllegalStateException("no process " + pid);
        }
        return stat[19];
    }

    private static boolean isTheRecordedProcess(Path pidFile, String[] stat) {
        Path start = pidFile.resolveSibling(pidFile.getFileName() + ".start");
        try {
            return Files.readString(start).trim().equals(stat[19]);
        } catch (java.nio.file.NoSuchFileException noStartRecorded) {
            return true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + start, e);
        }
    }

    /** The fields of /proc/PID/stat after the command name (state first, start time 20th), or null when gone. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException gone) {
            return null;
        }
    }

    /** Starts again whatever died (brokers, API servers, workers), as it was configured. */
    public static void revive() {
        run(env("BOXCAR_TEST_BOXCAR", "./boxcar"), "revive");
    }

    /**
     * {@code ./boxcar restart COMPONENT} (api, api-2, worker-N, broker, broker-2, db): back as it was
     * configured when this returns.
     */
    public static void restart(String component) {
        run(env("BOXCAR_TEST_BOXCAR", "./boxcar"), "restart", component);
    }

    /**
     * Starts Docker host {@code n} on this machine (its own dockerd and a worker driving it,
     * {@code ./boxcar host up N}); the first time it copies the sandbox image in, which takes a while.
     */
    public static void hostUp(int n) {
        runFor(600, env("BOXCAR_TEST_BOXCAR", "./boxcar"), "host", "up", Integer.toString(n));
    }

    /** Stops Docker host {@code n}: its worker, its containers, its engine. */
    public static void hostDown(int n) {
        run(env("BOXCAR_TEST_BOXCAR", "./boxcar"), "host", "down", Integer.toString(n));
    }

    /** The socket of Docker host {@code n} (n >= 2) that ./boxcar started. */
    public static String hostSocket(int n) {
        return "unix://" + Path.of(env("BOXCAR_TEST_RUN_DIR", ".boxcar/run")).toAbsolutePath().resolve("docker-" + n + ".sock");
    }

    private static void run(String... command) {
        runFor(180, command);
    }

    private static void runFor(int seconds, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(seconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
