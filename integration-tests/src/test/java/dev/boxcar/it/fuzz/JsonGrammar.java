package dev.boxcar.it.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Request bodies from a grammar of each endpoint's JSON (API.md), mutated by QuickTheories generators: fields left
 * out, unknown fields added, values of the wrong type, huge, deep, with NUL or lone surrogates.
 * Values are built as JSON text, so they can be what no JSON library would write.
 */
final class JsonGrammar {
    private JsonGrammar() {
    }

    /** The JSON text of one value of a shape: mostly valid, sometimes anything at all. */
    interface Shape {
        Gen<String> valid();

        default Gen<String> mutated() {
            return Generate.frequency(Gens.weight(85, valid()), Gens.weight(15, anyValue()));
        }
    }

    static Shape literal(String... jsonTexts) {
        return () -> Generate.pick(List.of(jsonTexts));
    }

    static Shape string(String... values) {
        List<String> quoted = new ArrayList<>();
        for (String v : values) {
            quoted.add(quote(v));
        }
        return () -> Generate.pick(quoted);
    }

    static Shape number(long min, long max) {
        return () -> Generate.longRange(min, max).map(n -> String.valueOf(n));
    }

    static Shape array(Shape item, int maxItems) {
        return () -> Gens.listOf(item.mutated(), maxItems).map(items -> "[" + String.join(",", items) + "]");
    }

    static Shape stringMap() {
        return () -> Generate.pick(List.of("K", "PATH", "A_B", "", "1X", "K=V"))
                .zip(anyString(), (k, v) -> "{" + quote(k) + ":" + v + "}");
    }

    /** An object: each field present most of the time, sometimes an unknown one as well. */
    static Shape object(Map<String, Shape> fields) {
        Map<String, Shape> ordered = new LinkedHashMap<>(fields);
        return () -> {
            List<Gen<String>> members = new ArrayList<>();
            ordered.forEach((name, shape) -> members.add(Generate.frequency(
                    Gens.weight(75, shape.mutated().map(v -> quote(name) + ":" + v)),
                    Gens.weight(25, Generate.constant("")))));
            members.add(Generate.frequency(
                    Gens.weight(93, Generate.constant("")),
                    Gens.weight(7, anyString().zip(anyValue(), (k, v) -> k + ":" + v))));
            return Gens.all(members).map(parts -> "{" + String.join(",",
                    parts.stream().filter(p -> !p.isEmpty()).toList()) + "}");
        };
    }

    /** Any JSON value, valid or not quite: the values hostile clients send. */
    static Gen<String> anyValue() {
        return Generate.oneOf(
                anyString(),
                Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE).map(n -> String.valueOf(n)),
                Generate.range(20, 6000).map(n -> "9".repeat(n)),
                Generate.pick(List.of("1e999", "-1e-999", "0.5", "-0", "1E400", "NaN", "Infinity", "01", "1.", "--1")),
                Generate.pick(List.of("true", "false", "null", "[]", "{}", "[null]", "{\"\":null}")),
                Generate.range(60, 3000).map(d -> "[".repeat(d) + "]".repeat(d)),
                Generate.range(60, 1500).map(d -> "{\"a\":".repeat(d) + "1" + "}".repeat(d)),
                Generate.range(1_000, 300_000).map(n -> quote("x".repeat(n))),
                Gens.listOf(anyString(), 5).map(items -> "[" + String.join(",", items) + "]"));
    }

    /** A JSON string, with the characters that break things: NUL, lone surrogates, controls, unicode. */
    static Gen<String> anyString() {
        return Generate.oneOf(
                Gens.anyText(40).map(JsonGrammar::quote),
                Generate.pick(List.of("\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u001f\"",
                        "\"../../etc/passwd\"", "\"/proc/self/environ\"", "\"%00\"", "\"\\\\\"", "\"\"", "\" \"")));
    }

    /** Mangles the bytes of a body: cut short, an invalid UTF-8 sequence inserted, or noise. */
    static Gen<byte[]> broken(Gen<String> bodies) {
        Gen<Double> fraction = Gens.fraction();
        Gen<byte[]> cut = bodies.zip(fraction, (b, f) -> java.util.Arrays.copyOf(utf8(b), (int) (utf8(b).length * f)));
        Gen<byte[]> badUtf8 = bodies.zip(Generate.pick(List.of(
                        new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {0})),
                fraction, (b, bad, f) -> {
                    byte[] body = utf8(b);
                    int at = (int) (body.length * f);
                    byte[] out = new byte[body.length + bad.length];
                    System.arraycopy(body, 0, out, 0, at);
                    System.arraycopy(bad, 0, out, at, bad.length);
                    System.arraycopy(body, at, out, at + bad.length, body.length - at);
                    return out;
                });
        return Generate.oneOf(cut, badUtf8, Gens.anyBytes(2000));
    }

    static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String quote(String raw) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : raw.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
