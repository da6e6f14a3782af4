package dev.boxcar.client.model;

/**
 * One event of a live output stream (Server-Sent Events): new text of {@code stdout} or
 * {@code stderr}, or the final {@code end} event.
 *
 * @param stream   {@code stdout}, {@code stderr} or {@code end}
 * @param offset   bytes written to that stream once this text is counted (the event id); null for {@code end}
 * @param text     the new output, exactly (blank lines, final newline and {@code \r} included; the
 *                 server sends it as a JSON string); for {@code end}, the raw JSON
 * @param status   for {@code end}: the final status of the process or job, else null
 * @param exitCode for {@code end} of a process: its exit code ({@code -1} when it has none), else null
 */
public record LogEvent(String stream, Long offset, String text, String status, Integer exitCode) {

    public boolean isEnd() {
        return "end".equals(stream);
    }
}
