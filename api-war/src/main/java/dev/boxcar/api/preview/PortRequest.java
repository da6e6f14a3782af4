package dev.boxcar.api.preview;

import dev.boxcar.api.json.ClientIds;
import dev.boxcar.api.json.FieldErrors;
import dev.boxcar.api.json.ObjectReader;
import dev.boxcar.api.problem.Problems;
import jakarta.json.JsonObject;
import java.util.Set;

/** The body of {@code POST /sandboxes/{id}/ports}: {@code {"port": 1..65535, "name"?: id}}. */
public record PortRequest(int port, String name) {
    private static final Set<String> FIELDS = Set.of("port", "name");

    public static PortRequest read(JsonObject body) {
        FieldErrors errors = new FieldErrors();
        ObjectReader r = new ObjectReader(body, "", errors, FIELDS);
        Long port = r.wholeNumber("port", 1, 65_535);
        if (!r.has("port")) {
            errors.add("port", "is required");
        }
        String name = r.string("name");
        if (name != null && !ClientIds.isValid(name)) {
            errors.add("name", "must match ^[a-z0-9][a-z0-9._-]{0,62}$");
        }
        errors.throwIfAny();
        if (port == null) {
            throw Problems.invalidField("port", "must be a whole number between 1 and 65535");
        }
        return new PortRequest(port.intValue(), name);
    }
}
