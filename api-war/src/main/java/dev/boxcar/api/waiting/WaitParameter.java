package dev.boxcar.api.waiting;

import dev.boxcar.api.problem.Problems;

/** The {@code ?wait=N} parameter: 0..60 seconds, never clamped (API.md "Long-poll"). */
public final class WaitParameter {
    public static final int MAX_SECONDS = 60;

    private WaitParameter() {
    }

    /** Null when absent; 400 naming {@code wait} when not a whole number in range. */
    public static Integer parse(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            int seconds = Integer.parseInt(raw.trim());
            if (seconds >= 0 && seconds <= MAX_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw Problems.invalidField("wait", "must be a whole number of seconds from 0 to " + MAX_SECONDS);
    }
}
