package dev.boxcar.client;

import java.nio.charset.StandardCharsets;

/** Small helpers for answer bodies in messages. */
final class Bodies {
    private static final int PREVIEW_CHARS = 300;

    private Bodies() {
    }

    /** The start of a body as text, for an exception message (a whole HTML page helps nobody). */
    static String preview(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, PREVIEW_CHARS * 4), StandardCharsets.UTF_8).strip();
        return text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS) + "...";
    }
}
