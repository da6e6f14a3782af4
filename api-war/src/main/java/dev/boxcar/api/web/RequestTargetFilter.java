package dev.boxcar.api.web;

import dev.boxcar.api.problem.ProblemException;
import dev.boxcar.api.problem.ProblemResponses;
import dev.boxcar.api.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses, as a 400 problem, a request whose path or query is not valid percent-encoded UTF-8
 * ({@code %zz}, {@code %FF}), decodes to a NUL, or holds a character that a URI may not hold unescaped (a raw
 * {@code {}, a space, a non-ASCII byte). The HTTP listener lets such URLs through undecoded
 * (decode-url=false, allow-unescaped-characters-in-url=true) so that they reach the application
 * instead of getting a bare 400 from the parser; the JAX-RS runtime would fail on them.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RequestTargetFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!isValid(request.getRequestURI()) || !isValid(request.getQueryString())) {
            ProblemResponses.write(response, Problems.badRequest("the request path or query is not valid percent-encoded UTF-8 "
                    + "(or holds a NUL)"));
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * What RFC 3986 allows unescaped in a path or query: unreserved characters, sub-delimiters,
     * ':', '@', '/' and '?' ('[', ']' and '#' belong to other parts of a URI).
     */
    private static boolean isUriCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~:/?@!$&'()*+,;=".indexOf(c) >= 0;
    }

    /** Only URI characters, every {@code %} starts two hex digits, and the decoded bytes are UTF-8. */
    static boolean isValid(String raw) {
        if (raw == null) {
            return true;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    return false;
                }
                int decoded = Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16);
                if (decoded == 0) {
                    return false; // NUL names nothing (ids, paths) and PostgreSQL text refuses it
                }
                bytes.write(decoded);
                i += 2;
            } else if (!isUriCharacter(c)) {
                return false;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
