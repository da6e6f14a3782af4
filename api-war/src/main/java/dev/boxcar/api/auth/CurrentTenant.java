package dev.boxcar.api.auth;

import dev.boxcar.api.problem.Problems;
import jakarta.enterprise.context.RequestScoped;

/** The tenant the request's bearer token belongs to; everything a request touches is scoped to it. */
@RequestScoped
public class CurrentTenant {
    private String name;

    public String name() {
        if (name == null) {
            // A path the token filter did not take for an API call reached an API resource.
            throw Problems.unauthorized("send Authorization: Bearer <token>");
        }
        return name;
    }

    /** Whether a token named the tenant (false for /health and other paths outside /api). */
    public boolean isSet() {
        return name != null;
    }

    void set(String name) {
        this.name = name;
    }
}
