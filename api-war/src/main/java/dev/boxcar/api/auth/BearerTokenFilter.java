package dev.boxcar.api.auth;

import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.api.problem.ProblemResponses;
import dev.boxcar.api.problem.Problems;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Every {@code /api/v1} call needs {@code Authorization: Bearer <token>} (API.md "Auth"). Runs
 * before matching, so unknown paths reveal nothing to unauthenticated callers.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {
    private static final String PREFIX = "Bearer ";

    @Inject
    ApiConfig config;
    @Inject
    CurrentTenant tenant;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!underApi(request)) {
            return;
        }
        if (request.getUriInfo().getPathSegments().stream().anyMatch(segment -> !segment.getMatrixParameters().isEmpty())) {
            request.abortWith(ProblemResponses.of(Problems.badRequest(
                    "matrix parameters (;name=value in the path) are not part of this API")));
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            request.abortWith(ProblemResponses.of(Problems.unauthorized("send Authorization: Bearer <token>")));
            return;
        }
        String tenantName = lookUp(header.substring(PREFIX.length()).trim());
        if (tenantName == null) {
            request.abortWith(ProblemResponses.of(Problems.unauthorized("the bearer token is not valid")));
            return;
        }
        tenant.set(tenantName);
    }

    /**
     * Whether the request is for {@code /api/...}, judged on the path segments as matching will see
     * them: without matrix parameters ({@code /api;x=1/v1/jobs} is an API call too) and empty segments.
     */
    private static boolean underApi(ContainerRequestContext request) {
        for (PathSegment segment : request.getUriInfo().getPathSegments()) {
            if (!segment.getPath().isEmpty()) {
                return segment.getPath().equals("api");
            }
        }
        return false;
    }

    /** Compares against every configured token in constant time, so timing reveals nothing. */
    private String lookUp(String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, String> entry : config.tenantsByToken().entrySet()) {
            if (MessageDigest.isEqual(given, entry.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = entry.getValue();
            }
        }
        return found;
    }
}
