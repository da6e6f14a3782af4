package dev.boxcar.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Security headers for the dashboard's static files under {@code /ui}. The page shows output that
 * other people's code printed, so besides writing it as text only, it runs under a policy that
 * allows nothing but its own files: no inline script, no other origin, no framing.
 */
@WebFilter(urlPatterns = "/ui/*", asyncSupported = true)
public class DashboardHeadersFilter extends HttpFilter {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; base-uri 'none'; object-src 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        // Revalidate every time: a new deployment's page must not run against an old script.
        response.setHeader("Cache-Control", "no-cache");
        chain.doFilter(request, response);
    }
}
