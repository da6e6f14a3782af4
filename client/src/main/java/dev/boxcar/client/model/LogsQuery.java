package dev.boxcar.client.model;

/**
 * Which part of a process's logs to read: one stream or both, only the last {@code tail} lines,
 * only what came after byte {@code afterOffset}. Null fields take the server's defaults (both
 * streams, everything retained).
 */
public record LogsQuery(Channel channel, Integer tail, Long afterOffset) {

    /** The {@code stream} parameter: which output to return. */
    public enum Channel {
        STDOUT, STDERR, BOTH;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static LogsQuery both() {
        return new LogsQuery(Channel.BOTH, null, null);
    }

    public static LogsQuery stdout() {
        return new LogsQuery(Channel.STDOUT, null, null);
    }

    public static LogsQuery stderr() {
        return new LogsQuery(Channel.STDERR, null, null);
    }

    /** Keeps the last {@code lines} lines (1..100000). */
    public LogsQuery tail(int lines) {
        return new LogsQuery(channel, lines, afterOffset);
    }

    /** Keeps what was written after byte {@code offset} (a {@code ...Offset} of an earlier read). */
    public LogsQuery afterOffset(long offset) {
        return new LogsQuery(channel, tail, offset);
    }
}
