package dev.boxcar.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time spent by each part of the stack over a stretch of load, from /proc (user + system
 * time; agents also count the commands they ran): where a job's cost goes.
 */
final class CpuMeter {
    static final List<String> PARTS = List.of("api", "worker", "broker", "postgres", "agent", "docker", "bench");
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Path runDir;

    CpuMeter(Path runDir) {
        this.runDir = runDir;
    }

    /** CPU milliseconds per part, so far. */
    Map<String, Long> snapshot() {
        StackPids stack = StackPids.of(runDir);
        long self = ProcessHandle.current().pid();
        Map<String, Long> millis = new LinkedHashMap<>();
        PARTS.forEach(part -> millis.put(part, 0L));
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                String stat;
                try {
                    stat = Files.readString(process.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                String part = pid == stack.api() ? "api" : stack.workers().contains(pid) ? "worker" : pid == stack.broker() ? "broker"
                        : pid == self ? "bench" : comm.equals("postgres") ? "postgres"
                        : comm.equals("boxcar-agent") ? "agent"
                        : comm.equals("dockerd") || comm.startsWith("containerd") || comm.equals("runc") ? "docker" : null;
                if (part == null) {
                    continue;
                }
                if (part.equals("agent")) {
                    ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
                }
                millis.merge(part, ticks * 1000 / TICKS_PER_SECOND, Long::sum);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc: " + e.getMessage(), e);
        }
        return millis;
    }

    /** CPU milliseconds per part between two snapshots, divided by {@code units} (jobs, requests). */
    static Map<String, Double> perUnit(Map<String, Long> before, Map<String, Long> after, long units) {
        Map<String, Double> per = new LinkedHashMap<>();
        for (String part : PARTS) {
            per.put(part, Math.max(0, after.get(part) - before.get(part)) / (double) Math.max(1, units));
        }
        return per;
    }
}
