package dev.boxcar.api.paging;

import dev.boxcar.api.problem.Problems;

/** {@code ?limit=} (1..500, default 50) and {@code ?cursor=} (API.md "Lists"). */
public record PageRequest(int limit, Cursor after) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public static PageRequest of(String limit, String cursor) {
        int parsed = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                parsed = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                parsed = -1;
            }
            if (parsed < 1 || parsed > MAX_LIMIT) {
                throw Problems.invalidField("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        return new PageRequest(parsed, Cursor.decode(cursor));
    }
}
