package dev.boxcar.api.batch;

import dev.boxcar.api.problem.Problems;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The cursor of a batch's job list: the position (batch index) of the last job shown. */
final class BatchCursor {
    private static final String PREFIX = "batch-index:";

    private BatchCursor() {
    }

    static String encode(int index) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + index).getBytes(StandardCharsets.UTF_8));
    }

    /** -1 (before the first job) when absent; 400 naming {@code cursor} for one we did not make. */
    static int decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return -1;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith(PREFIX)) {
                return Integer.parseInt(raw.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        throw Problems.invalidField("cursor", "is not a cursor this server gave out");
    }
}
