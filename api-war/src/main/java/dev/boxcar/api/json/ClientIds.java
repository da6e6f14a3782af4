package dev.boxcar.api.json;

import dev.boxcar.api.problem.Problems;
import java.util.UUID;
import java.util.regex.Pattern;

/** Ids chosen by clients (sandbox ids, process names) and by the server (UUIDs), checked at the edge. */
public final class ClientIds {
    private static final Pattern CLIENT_ID = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");

    private ClientIds() {
    }

    public static boolean isValid(String id) {
        return id != null && CLIENT_ID.matcher(id).matches();
    }

    /** The id, or 400 naming {@code field} when it does not match {@code ^[a-z0-9][a-z0-9._-]{0,62}$}. */
    public static String require(String id, String field) {
        if (!isValid(id)) {
            throw Problems.invalidField(field, "must match ^[a-z0-9][a-z0-9._-]{0,62}$");
        }
        return id;
    }

    /** A server-chosen id; anything that is not one of ours cannot exist, so it is a 404. */
    public static UUID serverId(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problems.notFound(what + " " + id);
        }
    }
}
