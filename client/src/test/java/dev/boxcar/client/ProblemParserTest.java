package dev.boxcar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.model.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemParserTest {

    @Test
    void aValidationProblemKeepsEveryFieldAndItsErrors() {
        BoxcarProblemException problem = ProblemParser.parse(400, "application/problem+json", bytes("""
                {"type":"urn:boxcar:problem:validation","title":"Invalid request","status":400,
                 "detail":"2 fields are invalid","errors":[{"field":"jobs[1].timeoutMs","message":"must be 1..600000"},
                 {"field":"jobs[2].argv","message":"must not be empty"}]}
                """), null);
        assertEquals(400, problem.status());
        assertEquals("urn:boxcar:problem:validation", problem.type());
        assertEquals("Invalid request", problem.title());
        assertEquals("2 fields are invalid", problem.detail());
        assertEquals(List.of(new FieldError("jobs[1].timeoutMs", "must be 1..600000"),
                new FieldError("jobs[2].argv", "must not be empty")), problem.errors());
        assertTrue(problem.hasFieldError("jobs[2].argv"));
        assertTrue(problem.getMessage().contains("jobs[1].timeoutMs"), problem.getMessage());
        assertTrue(problem.retryAfter().isEmpty());
    }

    @Test
    void aQuotaProblemCarriesItsRetryAfter() {
        BoxcarProblemException problem = ProblemParser.parse(429, "application/problem+json; charset=UTF-8",
                bytes("{\"type\":\"urn:boxcar:problem:quota\",\"title\":\"Quota exceeded\",\"status\":429,\"detail\":\"d\"}"),
                Duration.ofSeconds(5));
        assertEquals(429, problem.status());
        assertEquals(Duration.ofSeconds(5), problem.retryAfter().orElseThrow());
        assertTrue(problem.errors().isEmpty());
    }

    @Test
    void anHtmlErrorPageStillBecomesAProblemWithTheStatus() {
        BoxcarProblemException problem = ProblemParser.parse(502, "text/html",
                bytes("<html><body>Bad Gateway</body></html>"), null);
        assertEquals(502, problem.status());
        assertEquals("about:blank", problem.type());
        assertEquals("Bad Gateway", problem.title());
        assertEquals("<html><body>Bad Gateway</body></html>", problem.detail());
    }

    @Test
    void anEmptyOrBrokenJsonBodyStillBecomesAProblemWithTheStatus() {
        BoxcarProblemException empty = ProblemParser.parse(404, "application/problem+json", new byte[0], null);
        assertEquals(404, empty.status());
        assertEquals("Not Found", empty.title());
        assertNull(empty.detail());
        BoxcarProblemException broken = ProblemParser.parse(503, "application/json", bytes("{\"title\":"), null);
        assertEquals(503, broken.status());
        assertEquals("Service Unavailable", broken.title());
    }

    @Test
    void oddTypesInAProblemBodyFallBackInsteadOfFailing() {
        BoxcarProblemException problem = ProblemParser.parse(400, "application/problem+json",
                bytes("{\"title\":7,\"status\":\"400\",\"errors\":[\"x\",{\"field\":\"limit\"}]}"), null);
        assertEquals(400, problem.status());
        assertEquals("Bad Request", problem.title());
        assertEquals(List.of(new FieldError("limit", null)), problem.errors());
    }

    @Test
    void aVeryLongNonJsonBodyIsCutInTheDetail() {
        BoxcarProblemException problem = ProblemParser.parse(500, "text/plain", bytes("x".repeat(10_000)), null);
        assertTrue(problem.detail().length() < 400, "detail of " + problem.detail().length() + " chars");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
