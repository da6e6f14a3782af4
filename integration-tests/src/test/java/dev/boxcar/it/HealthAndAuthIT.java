package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import org.junit.jupiter.api.Test;

class HealthAndAuthIT {

    @Test
    void healthNeedsNoTokenAndReportsDatabaseAndBrokerUp() {
        ApiResponse live = RawApi.anonymous().get("/health/live");
        assertEquals(200, live.status(), live::toString);
        ApiResponse ready = RawApi.anonymous().get("/health/ready");
        assertEquals(200, ready.status(), ready::toString);
        assertEquals("up", ready.json().getString("database"));
        assertEquals("up", ready.json().getString("broker"));
    }

    @Test
    void aCallWithoutATokenIsAnsweredWith401ProblemJson() {
        ApiResponse response = RawApi.anonymous().get("/api/v1/sandboxes/anything");
        assertEquals(401, response.status(), response::toString);
        assertEquals("application/problem+json", response.contentType());
        assertEquals(401, response.json().getInt("status"));
        assertFalse(response.json().getString("detail").isBlank());
    }

    @Test
    void anUnknownTokenIsAnsweredWith401() {
        ApiResponse response = RawApi.withToken("not-a-token").get("/api/v1/sandboxes/anything");
        assertEquals(401, response.status(), response::toString);
        assertEquals("application/problem+json", response.contentType());
    }

    @Test
    void anUnknownPathIsAProblemNotHtml() {
        ApiResponse response = RawApi.tenantA().get("/api/v1/no-such-thing");
        assertEquals(404, response.status(), response::toString);
        assertEquals("application/problem+json", response.contentType());
        assertTrue(response.json().containsKey("title"));
    }
}
