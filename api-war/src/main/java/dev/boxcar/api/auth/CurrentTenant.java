package dev.boxcar.api.auth;

import jakarta.enterprise.context.RequestScoped;

/** The tenant the request's bearer token belongs to; everything a request touches is scoped to it. */
@RequestScoped
public class CurrentTenant {
    private String name;

    public String name() {
        if (name == null) {
            throw new IllegalStateException("no authenticated tenant on this request");
        }
        return name;
    }

    void set(String name) {
        this.name = name;
    }
}
