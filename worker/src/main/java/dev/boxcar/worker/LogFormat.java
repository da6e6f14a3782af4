package dev.boxcar.worker;

/**
 * Picks the worker's log format from {@code BOXCAR_LOG_FORMAT} ({@code text}, the default, or
 * {@code json}). Must run before the first logger is made: logback reads its configuration then.
 */
final class LogFormat {
    private LogFormat() {
    }

    static void apply() {
        if ("json".equalsIgnoreCase(System.getenv("BOXCAR_LOG_FORMAT"))
                && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
    }
}
