package dev.boxcar.client.model;

/**
 * A process's output so far ({@code GET .../logs}); a stream that was not asked for is null. The
 * offsets count every byte the process wrote to each stream (a server extension): pass one back as
 * {@code afterOffset} to read only what came since.
 */
public record ProcessLogs(String stdout, String stderr, boolean stdoutTruncated, boolean stderrTruncated,
                          Long stdoutOffset, Long stderrOffset) {
}
