package dev.boxcar.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Encoding of path segments and query values (ids are restricted by the server; file paths are not). */
final class UrlParts {
    private UrlParts() {
    }

    /** Percent-encodes a value for a path segment or a query: spaces as %20, never '+'. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Builds {@code ?a=1&b=2} from name/value pairs, leaving out the null values. */
    static String query(Object... namesAndValues) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value != null) {
                query.append(query.length() == 0 ? '?' : '&').append(namesAndValues[i]).append('=')
                        .append(encode(value.toString()));
            }
        }
        return query.toString();
    }
}
