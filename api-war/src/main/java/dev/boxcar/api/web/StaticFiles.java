package dev.boxcar.api.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The WAR's static files: the dashboard ({@code /ui/}), Swagger UI's page ({@code /openapi-ui/},
 * reached at {@code /openapi/ui} through a rewrite in WildFly, whose OpenAPI endpoint owns the
 * {@code /openapi} prefix) and the webjars that page loads (the {@code META-INF/resources} of the
 * jars in {@code WEB-INF/lib}). A servlet of its own rather than the container's default one,
 * which resolves paths relative to its mapping and so cannot serve a prefix from the WAR as is.
 * JAX-RS keeps every other path. No token: these files hold no data; the pages ask for a token.
 */
@WebServlet(urlPatterns = {"/ui/*", "/openapi-ui/*", "/webjars/*"})
public class StaticFiles extends HttpServlet {
    /** Scripts and styles from this origin only: data from the API is never markup. Swagger UI styles inline. */
    static final String DASHBOARD_POLICY = "default-src 'self'; base-uri 'none'; object-src 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    private static final String SWAGGER_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "png", "image/png",
            "svg", "image/svg+xml",
            "map", "application/json");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String prefix = request.getServletPath();
        String rest = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (rest.contains("..") || rest.contains("\\") || rest.contains("//")) {
            response.sendError(404);
            return;
        }
        if (rest.isEmpty() && "/ui".equals(prefix)) {
            // Relative links of the page need the trailing slash.
            response.sendRedirect("/ui/");
            return;
        }
        String file = rest.isEmpty() ? "/" : rest;
        String path = prefix + (file.endsWith("/") ? file + "index.html" : file);
        InputStream content = getServletContext().getResourceAsStream(path);
        if (content == null) {
            response.sendError(404);
            return;
        }
        try (content) {
            response.setContentType(typeOf(path));
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("Content-Security-Policy", "/ui".equals(prefix) ? DASHBOARD_POLICY : SWAGGER_POLICY);
            // Webjars carry their version in the path; a new deployment's page must not run against an old script.
            response.setHeader("Cache-Control", "/webjars".equals(prefix) ? "public, max-age=86400" : "no-cache");
            content.transferTo(response.getOutputStream());
        }
    }

    private static String typeOf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "application/octet-stream" : TYPES.getOrDefault(path.substring(dot + 1), "application/octet-stream");
    }
}
