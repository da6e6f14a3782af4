package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at {@code /openapi} covers API.md: every endpoint, with every status code
 * API.md gives it (plus the ones every {@code /api/v1} call can get), and Swagger UI serves it.
 */
class OpenApiIT {
    private record Endpoint(String method, String path, Set<Integer> statuses) {
    }

    /** API.md, endpoint by endpoint. */
    private static final List<Endpoint> API_MD = List.of(
            api("PUT", "/sandboxes/{sandboxId}", 200, 201, 400, 409, 429),
            api("GET", "/sandboxes", 200, 400),
            api("GET", "/sandboxes/{sandboxId}", 200, 400, 404),
            api("DELETE", "/sandboxes/{sandboxId}", 202, 404),
            api("POST", "/sandboxes/{sandboxId}/exec", 200, 202, 400, 409, 413, 422, 429),
            api("POST", "/exec", 200, 202, 400, 413, 422, 429),
            api("GET", "/jobs", 200, 400),
            api("GET", "/jobs/{jobId}", 200, 202, 400, 404),
            api("DELETE", "/jobs/{jobId}", 202, 404, 409),
            api("POST", "/sandboxes/{sandboxId}/processes", 202, 400, 409, 422, 429),
            api("GET", "/sandboxes/{sandboxId}/processes", 200, 400, 404),
            api("GET", "/sandboxes/{sandboxId}/processes/{processId}", 200, 404),
            api("GET", "/sandboxes/{sandboxId}/processes/{processId}/logs", 200, 400, 404),
            api("DELETE", "/sandboxes/{sandboxId}/processes/{processId}", 202, 400, 404, 409),
            api("PUT", "/sandboxes/{sandboxId}/files", 200, 202, 400, 413),
            api("GET", "/sandboxes/{sandboxId}/files", 200, 202, 400, 404),
            api("POST", "/sandboxes/{sandboxId}/ports", 200, 201, 400, 404, 409),
            api("GET", "/sandboxes/{sandboxId}/ports", 200, 400, 404),
            api("DELETE", "/sandboxes/{sandboxId}/ports/{port}", 204, 404),
            api("POST", "/batches", 202, 400, 413, 422),
            api("GET", "/batches/{batchId}", 200, 202, 400, 404),
            api("GET", "/batches/{batchId}/jobs", 200, 400, 404),
            api("DELETE", "/batches/{batchId}", 202, 404),
            new Endpoint("GET", "/health/live", Set.of(200)),
            new Endpoint("GET", "/health/ready", Set.of(200, 503)));

    private static Endpoint api(String method, String path, Integer... statuses) {
        Set<Integer> all = new TreeSet<>(List.of(statuses));
        all.add(401);
        all.add(503);
        return new Endpoint(method, "/api/v1" + path, all);
    }

    @Test
    void theDocumentHasEveryEndpointOfTheContractWithItsStatusCodes() {
        ApiResponse answer = RawApi.anonymous().get("/openapi?format=JSON");
        assertEquals(200, answer.status(), answer::toString);
        JsonObject document = answer.json();
        assertTrue(document.getString("openapi").startsWith("3.1"), "OpenAPI 3.1, got " + document.getString("openapi"));
        JsonObject paths = document.getJsonObject("paths");
        List<String> missing = new ArrayList<>();
        for (Endpoint endpoint : API_MD) {
            JsonObject item = paths.getJsonObject(endpoint.path());
            JsonObject operation = item == null ? null : item.getJsonObject(endpoint.method().toLowerCase());
            if (operation == null) {
                missing.add(endpoint.method() + " " + endpoint.path());
                continue;
            }
            Set<String> documented = operation.getJsonObject("responses").keySet();
            for (int status : endpoint.statuses()) {
                if (!documented.contains(Integer.toString(status))) {
                    missing.add(endpoint.method() + " " + endpoint.path() + " → " + status);
                }
            }
            if (endpoint.path().startsWith("/api/v1/")) {
                assertTrue(operation.containsKey("security"), endpoint + " names the bearer token");
            }
            assertNotNull(operation.getString("summary", null), endpoint + " has a summary");
        }
        assertTrue(missing.isEmpty(), "missing from /openapi: " + missing);
        assertTrue(document.getJsonObject("components").getJsonObject("securitySchemes").containsKey("bearer"));
        assertTrue(document.getJsonObject("components").getJsonObject("schemas").containsKey("Problem"));
    }

    @Test
    void problemsAreDocumentedAsProblemJson() {
        JsonObject notFound = RawApi.anonymous().get("/openapi?format=JSON").json().getJsonObject("paths")
                .getJsonObject("/api/v1/jobs/{jobId}").getJsonObject("get").getJsonObject("responses").getJsonObject("404");
        assertTrue(notFound.getJsonObject("content").containsKey("application/problem+json"), notFound::toString);
    }

    @Test
    void swaggerUiServesTheDocument() {
        for (String page : List.of("/openapi/ui", "/openapi/ui/")) {
            ApiResponse html = RawApi.anonymous().get(page);
            assertEquals(200, html.status(), page + ": " + html);
            assertTrue(html.contentType().startsWith("text/html"), html.contentType());
            assertTrue(html.body().contains("swagger-ui-bundle.js"), html.body());
        }
        String start = RawApi.anonymous().get("/openapi/ui/start.js").body();
        assertTrue(start.contains("/openapi?format=JSON"), start);
        String bundle = RawApi.anonymous().get("/openapi/ui").body()
                .replaceAll("(?s).*src=\"(/webjars/[^\"]+swagger-ui-bundle\\.js)\".*", "$1");
        ApiResponse script = RawApi.anonymous().get(bundle);
        assertEquals(200, script.status(), bundle);
        assertTrue(script.contentType().startsWith("text/javascript"), script.contentType());
    }

    @Test
    void staticPathsDoNotClimbOutOfTheirFolders() {
        for (String path : List.of("/ui/../WEB-INF/web.xml", "/ui/%2e%2e/WEB-INF/web.xml", "/webjars/../WEB-INF/web.xml",
                "/openapi/ui/..%2fWEB-INF/web.xml", "/ui/..%5cWEB-INF%5cweb.xml")) {
            ApiResponse answer = RawApi.anonymous().get(path);
            assertTrue(!answer.body().contains("<web-app"), path + " leaked web.xml: " + answer);
        }
    }
}
