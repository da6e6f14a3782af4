package dev.boxcar.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiConfigTest {

    @Test
    void tokensMapToTheirTenants() {
        ApiConfig config = new ApiConfig(Map.of("BOXCAR_API_TOKENS", "alice:tok-a, bob:tok-b"));
        assertEquals(Optional.of("alice"), config.tenantForToken("tok-a"));
        assertEquals(Optional.of("bob"), config.tenantForToken("tok-b"));
        assertEquals(Optional.empty(), config.tenantForToken("tok-c"));
        assertTrue(config.problems().isEmpty(), config.problems()::toString);
    }

    @Test
    void aTokenMayContainColons() {
        ApiConfig config = new ApiConfig(Map.of("BOXCAR_API_TOKENS", "alice:a:b:c"));
        assertEquals(Optional.of("alice"), config.tenantForToken("a:b:c"));
    }

    @Test
    void missingOrMalformedTokensAreProblemsThatNeverEchoTheSecret() {
        assertFalse(new ApiConfig(Map.of()).problems().isEmpty());
        ApiConfig bad = new ApiConfig(Map.of("BOXCAR_API_TOKENS", "alice:ok,secret-without-tenant"));
        assertEquals(1, bad.problems().size());
        assertFalse(bad.problems().get(0).contains("secret-without-tenant"));
    }

    @Test
    void theSameTokenForTwoTenantsIsAProblem() {
        assertEquals(1, new ApiConfig(Map.of("BOXCAR_API_TOKENS", "a:t,b:t")).problems().size());
    }

    @Test
    void imagesNeedADefaultEntry() {
        ApiConfig config = new ApiConfig(Map.of("BOXCAR_API_TOKENS", "a:t", "BOXCAR_SANDBOX_IMAGES", "py=python:3"));
        assertTrue(config.problems().stream().anyMatch(p -> p.contains("'default'")));
        ApiConfig ok = new ApiConfig(Map.of("BOXCAR_API_TOKENS", "a:t",
                "BOXCAR_SANDBOX_IMAGES", "default=boxcar/sandbox:default,py=python:3"));
        assertTrue(ok.isAllowedImage("py"));
        assertFalse(ok.isAllowedImage("python:3"));
    }

    @Test
    void aCallbackMayGoOnlyToAnAllowedHostAndPort() {
        ApiConfig config = new ApiConfig(java.util.Map.of("BOXCAR_API_TOKENS", "a:t",
                "BOXCAR_CALLBACK_ALLOWED_HOSTS", "hooks.example:8443, 127.0.0.1:47913, plain.example"));
        org.junit.jupiter.api.Assertions.assertTrue(config.isAllowedCallbackTarget(java.net.URI.create("https://hooks.example:8443/x")));
        org.junit.jupiter.api.Assertions.assertTrue(config.isAllowedCallbackTarget(java.net.URI.create("http://127.0.0.1:47913/cb")));
        org.junit.jupiter.api.Assertions.assertTrue(config.isAllowedCallbackTarget(java.net.URI.create("http://plain.example/x")));
        org.junit.jupiter.api.Assertions.assertTrue(config.isAllowedCallbackTarget(java.net.URI.create("https://plain.example/x")));
        org.junit.jupiter.api.Assertions.assertFalse(config.isAllowedCallbackTarget(java.net.URI.create("http://127.0.0.1:5432/")));
        org.junit.jupiter.api.Assertions.assertFalse(config.isAllowedCallbackTarget(java.net.URI.create("http://plain.example:8080/x")));
        org.junit.jupiter.api.Assertions.assertFalse(config.isAllowedCallbackTarget(java.net.URI.create("https://hooks.example/x")));
        org.junit.jupiter.api.Assertions.assertFalse(config.isAllowedCallbackTarget(java.net.URI.create("http://other.example/x")));
    }
}
