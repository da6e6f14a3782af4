package dev.boxcar.bench;

import java.nio.file.Path;

/**
 * Settings of one benchmark run, from the environment `./boxcar bench` sets; {@code boxcar}: that
 * script, for `host up|down 2` (section 7).
 */
record BenchConfig(String apiUrl, String tenant, String token, Path agentSocketDir, Path runDir, String image,
                   Path jsonOut, int sandboxes, int clients, int submitSeconds, int throughputJobs,
                   int sequentialRuns, int freshSandboxes, java.util.Set<String> sections,
                   String boxcar) {

    /** Whether this run measures a section (BOXCAR_BENCH_SECTIONS; all by default). */
    boolean runs(String section) {
        return sections.isEmpty() || sections.contains(section);
    }

    static BenchConfig fromEnvironment() {
        String tenantToken = required("BOXCAR_BENCH_TOKEN");
        int colon = tenantToken.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("BOXCAR_BENCH_TOKEN must be tenant:token");
        }
        return new BenchConfig(
                env("BOXCAR_BENCH_API_URL", "http://127.0.0.1:8080"),
                tenantToken.substring(0, colon), tenantToken.substring(colon + 1),
                Path.of(env("BOXCAR_AGENT_SOCKET_DIR", "/var/lib/boxcar/agent")),
                Path.of(required("BOXCAR_BENCH_RUN_DIR")),
                env("BOXCAR_BENCH_IMAGE", "boxcar/sandbox:default"),
                Path.of(required("BOXCAR_BENCH_JSON")),
                number("BOXCAR_BENCH_SANDBOXES", 16),
                number("BOXCAR_BENCH_CLIENTS", 32),
                number("BOXCAR_BENCH_SUBMIT_SECONDS", 10),
                number("BOXCAR_BENCH_THROUGHPUT_JOBS", 3000),
                number("BOXCAR_BENCH_SEQUENTIAL_RUNS", 300),
                number("BOXCAR_BENCH_FRESH_SANDBOXES", 10),
                java.util.Set.of(env("BOXCAR_BENCH_SECTIONS", "").split("[ ,]+")).stream()
                        .filter(s -> !s.isEmpty()).collect(java.util.stream.Collectors.toSet()),
                env("BOXCAR_BENCH_BOXCAR", "./boxcar"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set (run the benchmark with ./boxcar bench)");
        }
        return value;
    }

    private static int number(String name, int fallback) {
        return Integer.parseInt(env(name, Integer.toString(fallback)));
    }
}
