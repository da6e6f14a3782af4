package dev.boxcar.bench;

import dev.boxcar.client.BoxcarClient;
import java.net.URI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * `./boxcar bench`: measures a running Boxcar through its API, next to baselines measured in the
 * same run (the agent called directly, `docker exec`, `docker run`), and prints one table with
 * the targets of issue #6; the same table is written as JSON.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        BenchConfig config = BenchConfig.fromEnvironment();
        Api api = new Api(config.apiUrl(), config.token());
        BoxcarClient client = BoxcarClient.builder().baseUrl(URI.create(config.apiUrl())).token(config.token()).build();
        Report report = new Report();
        describeMachine(report, config);
        Sandboxes sandboxes = new Sandboxes(client, config, Long.toString(System.currentTimeMillis() % 1_000_000, 36));
        try {
            measure(config, api, client, sandboxes, report);
        } finally {
            sandboxes.destroyAll();
        }
        report.print(System.out);
        Files.createDirectories(config.jsonOut().toAbsolutePath().getParent());
        Files.writeString(config.jsonOut(), report.toJson().toString() + "\n");
        System.out.println();
        System.out.println("JSON: " + config.jsonOut());
    }

    private static void measure(BenchConfig config, Api api, BoxcarClient client, Sandboxes sandboxes, Report report) {
        Sections sections = new Sections(config, api, client, sandboxes, report);
        if (config.runs("hosts")) {
            // First: placement goes by the memory of the running sandboxes on each host, so the
            // warm sandboxes below (all on host 1) would send every new one to host 2.
            sections.hosts();
        }
        step("creating and warming " + config.sandboxes() + " sandboxes");
        List<String> warm = sandboxes.warm("e2e", config.sandboxes());
        List<String> containers = warm.stream().map(sandboxes::containerName).toList();
        sections.warmUp(warm);
        if (config.runs("e2e")) {
            sections.endToEndAndBaselines(warm, containers);
        }
        if (config.runs("fresh")) {
            sections.freshAndThrowaway();
        }
        if (config.runs("batch")) {
            sections.batch();
        }
        if (config.runs("submit")) {
            sections.submissions();
        }
        sections.footprint(containers);
    }

    private static void describeMachine(Report report, BenchConfig config) throws IOException {
        report.fact("date", Instant.now().toString());
        report.fact("commit", System.getenv().getOrDefault("BOXCAR_BENCH_COMMIT", "unknown"));
        report.fact("cpu", cpuModel() + " x " + Runtime.getRuntime().availableProcessors());
        report.fact("memory", Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " "));
        report.fact("kernel", Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
        report.fact("docker", Host.run(List.of("docker", "version", "--format", "{{.Server.Version}}")));
        report.fact("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        report.fact("api", config.apiUrl());
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name")).map(l -> l.replaceFirst("^[^:]*:\\s*", ""))
                .findFirst().orElse("unknown cpu");
    }

    static void step(String what) {
        System.err.printf("[bench] %s%n", what);
    }
}
