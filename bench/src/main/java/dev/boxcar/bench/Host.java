package dev.boxcar.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the benchmark asks of the host: the docker CLI (a baseline) and process memory. */
final class Host {
    private Host() {
    }

    /** Runs a command, returns its stdout; fails when it exits non-zero. */
    static String run(List<String> command) {
        return run(command, 120);
    }

    /** {@link #run(List)} with a limit of {@code seconds}. */
    static String run(List<String> command, int seconds) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + seconds + " s");
            }
            String text = new String(output, StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Runs a command whose output is progress for people (on the benchmark's stderr, beside its
     * own steps); fails when it exits non-zero or runs longer than {@code seconds}.
     */
    static void runShowingProgress(List<String> command, int seconds) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File("/dev/stderr"))).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + seconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + ")");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Resident and peak resident memory of a process, in MiB (from /proc). */
    record Memory(double rssMiB, double peakMiB) {
    }

    static Memory memoryOf(long pid) {
        try {
            double rss = 0;
            double peak = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line) / 1024.0;
                } else if (line.startsWith("VmHWM:")) {
                    peak = kib(line) / 1024.0;
                }
            }
            return new Memory(rss, peak);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the memory of pid " + pid + ": " + e.getMessage(), e);
        }
    }

    /**
     * The pid a ./boxcar pid file names, provided that process still runs: the script records its
     * start time next to the file (FILE.start), and a pid whose process started at another time
     * was reused by the kernel for somebody else, whom the bench must not pause or measure.
     */
    static long pidFromFile(Path file) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read a pid from " + file + ": " + e.getMessage(), e);
        }
        Path start = file.resolveSibling(file.getFileName() + ".start");
        try {
            String recorded = Files.readString(start).trim();
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            if (!stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19].equals(recorded)) {
                throw new IllegalStateException(file + " names pid " + pid + ", which is another process now");
            }
        } catch (java.nio.file.NoSuchFileException noStartRecordedOrGone) {
            if (Files.exists(start)) {
                throw new IllegalStateException(file + " names pid " + pid + ", which no longer runs");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot check pid " + pid + " of " + file + ": " + e.getMessage(), e);
        }
        return pid;
    }

    private static long kib(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
    }
}
