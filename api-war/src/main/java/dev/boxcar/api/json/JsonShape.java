package dev.boxcar.api.json;

import dev.boxcar.api.problem.Problems;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks a request body before the JSON parser sees it (API.md "Conventions"): valid UTF-8, at
 * most {@link #MAX_DEPTH} levels of nesting, and no number longer than {@link #MAX_NUMBER_CHARS}
 * characters. A recursive parser would overflow its stack on deep nesting, and a 5,000-digit
 * number costs big-number arithmetic in every range check; both are 400s here, before any work.
 */
public final class JsonShape {
    public static final int MAX_DEPTH = 64;
    /** Far beyond any field's range (the largest is 600,000), with room for decimals like 0.1. */
    public static final int MAX_NUMBER_CHARS = 40;

    private JsonShape() {
    }

    public static void check(byte[] body) {
        requireUtf8(body);
        int depth = 0;
        int numberLength = 0;
        boolean inString = false;
        boolean escaped = false;
        for (byte b : body) {
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            if (isNumberChar(b)) {
                if (++numberLength > MAX_NUMBER_CHARS) {
                    throw Problems.badRequest("the request body has a number longer than " + MAX_NUMBER_CHARS
                            + " characters; no field takes one");
                }
                continue;
            }
            numberLength = 0;
            switch (b) {
                case '"' -> inString = true;
                case '{', '[' -> {
                    if (++depth > MAX_DEPTH) {
                        throw Problems.badRequest("the request body is nested deeper than " + MAX_DEPTH + " levels");
                    }
                }
                case '}', ']' -> depth--;
                default -> {
                    // white space, commas, colons, literals: the parser judges them
                }
            }
        }
    }

    private static boolean isNumberChar(byte b) {
        return (b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
    }

    private static void requireUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw Problems.badRequest("the request body is not valid UTF-8");
        }
    }
}
