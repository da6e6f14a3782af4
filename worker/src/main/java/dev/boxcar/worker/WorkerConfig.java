package dev.boxcar.worker;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The worker's settings, read from {@code BOXCAR_*} environment variables with sane defaults and
 * validated once at start-up so a bad value fails with one clear line instead of mid-job.
 */
public record WorkerConfig(
        String workerId,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String brokerUrl,
        String brokerUser,
        String brokerPassword,
        String dockerHost,
        int concurrency,
        Map<String, String> sandboxImages,
        Path agentBinary,
        Path agentSocketDir,
        long maxOutputBytes,
        String callbackSecret,
        String callbackSecrets,
        int poolSize,
        long maxFileReadBytes,
        int retentionDays,
        int purgeIntervalSeconds,
        Integer containerRootUid,
        int metricsPort,
        String relayBind,
        int relayPort,
        String relayAdvertise,
        int maxRelays,
        String hostId,
        int hostLostSeconds,
        int dockerCallSeconds,
        int jobsPerThrowaway,
        int throwawayIdleSeconds) {

    public static WorkerConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Settings s = new Settings(env, problems);
        WorkerConfig config = new WorkerConfig(
                s.text("BOXCAR_WORKER_ID", defaultWorkerId()),
                s.text("BOXCAR_DB_URL", "jdbc:postgresql://127.0.0.1:5432/boxcar"),
                s.text("BOXCAR_DB_USER", "boxcar"),
                s.text("BOXCAR_DB_PASSWORD", "boxcar"),
                s.text("BOXCAR_BROKER_URL", "tcp://127.0.0.1:61616"),
                s.text("BOXCAR_BROKER_USER", "boxcar"),
                s.text("BOXCAR_BROKER_PASSWORD", "boxcar"),
                s.text("BOXCAR_DOCKER_HOST", "unix:///var/run/docker.sock"),
                s.integer("BOXCAR_WORKER_CONCURRENCY", 4, 1, 256),
                parseImages(s.text("BOXCAR_SANDBOX_IMAGES", "default=boxcar/sandbox:default"), problems),
                Path.of(s.text("BOXCAR_AGENT_BINARY", "agent/target/boxcar-agent")).toAbsolutePath(),
                Path.of(s.text("BOXCAR_AGENT_SOCKET_DIR", "/var/lib/boxcar/agent")).toAbsolutePath(),
                s.integer("BOXCAR_MAX_OUTPUT_BYTES", 1 << 20, 1024, 64 << 20),
                s.text("BOXCAR_CALLBACK_SECRET", null),
                s.text("BOXCAR_CALLBACK_SECRETS", null),
                s.integer("BOXCAR_POOL_SIZE", 2, 0, 64),
                s.integer("BOXCAR_MAX_FILE_READ_BYTES", 16 << 20, 1024, 16 << 20),
                s.integer("BOXCAR_RETENTION_DAYS", 7, 1, 3650),
                s.integer("BOXCAR_PURGE_INTERVAL_SECONDS", 600, 1, 86_400),
                s.optionalInteger("BOXCAR_CONTAINER_ROOT_UID", 1, Integer.MAX_VALUE),
                // Prometheus metrics on 127.0.0.1; 0 turns them off.
                s.integer("BOXCAR_WORKER_METRICS_PORT", 9464, 0, 65_535),
                // Preview connections from the API (README "Ports"): where this worker accepts them,
                // any free port by default, and the address the API is told to use.
                s.text("BOXCAR_WORKER_RELAY_BIND", "127.0.0.1"),
                s.integer("BOXCAR_WORKER_RELAY_PORT", 0, 0, 65_535),
                s.text("BOXCAR_WORKER_RELAY_ADVERTISE", null),
                s.integer("BOXCAR_WORKER_MAX_RELAYS", 64, 1, 4096),
                // The Docker host this worker group drives (API.md "Hosts"); unset: the engine's own ID.
                s.text("BOXCAR_HOST_ID", null),
                // A host whose workers all stayed silent this long is lost: its sandboxes too.
                s.integer("BOXCAR_HOST_LOST_SECONDS", 60, 20, 86_400),
                // The longest a call to the Docker engine may take before it fails (a hung engine
                // must not hold a job thread for good); starts under load take seconds.
                s.integer("BOXCAR_DOCKER_CALL_TIMEOUT_SECONDS", 60, 5, 3600),
                // A throw-away container serves up to this many jobs of one tenant, reset between
                // them by its agent (README "Reusing throw-away containers"); 1: one job each.
                s.integer("BOXCAR_THROWAWAY_JOBS_PER_CONTAINER", 100, 1, 10_000),
                // How long a reset throw-away container waits for its tenant's next job.
                s.integer("BOXCAR_THROWAWAY_IDLE_SECONDS", 30, 1, 3600));
        if (!config.dbUrl.startsWith("jdbc:postgresql:")) {
            problems.add("BOXCAR_DB_URL must be a jdbc:postgresql: URL, got " + config.dbUrl);
        }
        if (!Files.isRegularFile(config.agentBinary)) {
            problems.add("BOXCAR_AGENT_BINARY " + config.agentBinary + " does not exist (build it: mvn -pl agent package)");
        }
        if (config.hostId != null && !config.hostId.matches("[A-Za-z0-9._-]{1,128}")) {
            problems.add("BOXCAR_HOST_ID must match [A-Za-z0-9._-]{1,128}, got " + config.hostId);
        }
        if (!config.sandboxImages.containsKey("default")) {
            problems.add("BOXCAR_SANDBOX_IMAGES must name a 'default' image");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid worker configuration: " + String.join("; ", problems));
        }
        return config;
    }

    /** {@code name=image,name=image}: the allow-list of images sandboxes may name. */
    static Map<String, String> parseImages(String spec, List<String> problems) {
        Map<String, String> images = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                problems.add("BOXCAR_SANDBOX_IMAGES entry '" + trimmed + "' is not name=image");
                continue;
            }
            images.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
        }
        return images;
    }

    private static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "worker";
        }
        long pid = ManagementFactory.getRuntimeMXBean().getPid();
        return host + "-" + pid + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Reads and range-checks settings, collecting every problem instead of stopping at the first. */
    private record Settings(Map<String, String> env, List<String> problems) {
        String text(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        Integer optionalInteger(String name, int min, int max) {
            String value = env.get(name);
            return value == null || value.isBlank() ? null : integer(name, 0, min, max);
        }

        int integer(String name, int fallback, int min, int max) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed < min || parsed > max) {
                    problems.add(name + " must be between " + min + " and " + max + ", got " + parsed);
                }
                return parsed;
            } catch (NumberFormatException e) {
                problems.add(name + " must be a whole number, got '" + value + "'");
                return fallback;
            }
        }
    }
}
