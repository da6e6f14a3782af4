package dev.boxcar.api.process;

import dev.boxcar.core.process.SandboxProcess;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET .../logs}: the output so far (the newest 1 MiB of each stream). {@code stdoutOffset}
 * and {@code stderrOffset} count every byte written (an extension): pass one back as
 * {@code afterOffset} to read only what came since.
 */
public record ProcessLogsView(String stdout, String stderr, boolean stdoutTruncated, boolean stderrTruncated,
                              long stdoutOffset, long stderrOffset) {

    /** {@code stream}: stdout, stderr or both; {@code tail}: last N lines; {@code afterOffset}: bytes after it. */
    public static ProcessLogsView of(SandboxProcess p, String stream, Integer tail, Long afterOffset) {
        boolean out = !"stderr".equals(stream);
        boolean err = !"stdout".equals(stream);
        return new ProcessLogsView(
                out ? text(p.getStdout(), p.getStdoutTotal(), tail, afterOffset) : null,
                err ? text(p.getStderr(), p.getStderrTotal(), tail, afterOffset) : null,
                out && p.isStdoutTruncated(), err && p.isStderrTruncated(),
                p.getStdoutTotal(), p.getStderrTotal());
    }

    /** The retained bytes cover [total - length, total); keep what is after the offset, then the tail. */
    static String text(byte[] retained, long total, Integer tail, Long afterOffset) {
        byte[] bytes = retained;
        if (afterOffset != null) {
            long firstRetained = total - retained.length;
            int from = (int) Math.max(0, Math.min(retained.length, afterOffset - firstRetained));
            bytes = java.util.Arrays.copyOfRange(retained, from, retained.length);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return tail == null ? text : lastLines(text, tail);
    }

    static String lastLines(String text, int n) {
        boolean endsWithNewline = text.endsWith("\n");
        String[] lines = text.split("\n", -1);
        int count = endsWithNewline ? lines.length - 1 : lines.length;
        String kept = String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, count - n), count));
        return endsWithNewline && count > 0 ? kept + "\n" : kept;
    }
}
