package dev.boxcar.core.job;

import java.util.Locale;

/**
 * {@code BOXCAR_BROKER_URL} as the API and the workers read it: one broker
 * ({@code tcp://127.0.0.1:61616}) or a primary/backup pair, listed
 * ({@code (tcp://127.0.0.1:61616,tcp://127.0.0.1:61617)?ha=true}). Each component adds the
 * connection options of its role ({@link #with}); with a pair they are HA options: {@code ha=true}
 * (clients learn the pair's topology and fail over to the backup), and short retry intervals,
 * because a shared-store backup is live within about two seconds of the primary's death.
 */
public final class BrokerUrl {
    private BrokerUrl() {
    }

    /**
     * True when the URL asks for {@code ha=true}, or lists more than one broker without saying
     * {@code ha=false}.
     */
    public static boolean isPair(String url) {
        String trimmed = url.trim();
        String ha = option(trimmed, "ha");
        if (!ha.isEmpty()) {
            return ha.equalsIgnoreCase("true");
        }
        int close = trimmed.indexOf(')');
        return trimmed.startsWith("(") && close > 0 && trimmed.substring(1, close).contains(",");
    }

    /**
     * The URL with a role's options appended after its own (Artemis takes the last value of an
     * option, so the role's win), and {@code ha=true} when it lists brokers without saying.
     */
    public static String with(String url, String options) {
        String trimmed = url.trim();
        String added = isPair(trimmed) && option(trimmed, "ha").isEmpty() ? "ha=true&" + options : options;
        return trimmed + (trimmed.contains("?") ? "&" : "?") + added;
    }

    /** The value of a query option of the URL, or "" when it has none. */
    static String option(String url, String name) {
        int query = url.indexOf('?', Math.max(0, url.indexOf(')')));
        if (query < 0) {
            return "";
        }
        String value = "";
        for (String pair : url.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                value = pair.substring(eq + 1).trim();
            }
        }
        return value;
    }
}
