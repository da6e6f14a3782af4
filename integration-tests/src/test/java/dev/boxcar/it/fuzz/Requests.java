package dev.boxcar.it.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generated requests (QuickTheories generators) across every endpoint: mostly well aimed (right method, real ids, a body of
 * the endpoint's grammar) with mutations in every part a client controls: method, path segments
 * (matrix parameters, encodings, length), query string, headers and body bytes. Slots
 * {@code {job}}, {@code {proc}}, {@code {batch}} left in a path are filled at send time with ids
 * the run has seen. Message framing (request line, Transfer-Encoding) stays well formed: a request
 * the HTTP parser cannot frame is refused by the server before the application sees it.
 */
final class Requests {
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    private final String tokenA;
    private final String tokenB;
    private final List<String> sandboxIds;

    Requests(String tokenA, String tokenB, List<String> sandboxIds) {
        this.tokenA = tokenA;
        this.tokenB = tokenB;
        this.sandboxIds = sandboxIds;
    }

    Gen<FuzzRequest> any() {
        return Generate.pick(Endpoints.ALL).flatMap(this::aimedAt);
    }

    private Gen<FuzzRequest> aimedAt(Endpoints.Endpoint endpoint) {
        Gen<String> method = Generate.frequency(Gens.weight(92, Generate.constant(endpoint.method())),
                Gens.weight(8, Generate.pick(METHODS)));
        return method.zip(target(endpoint), headers(), body(endpoint), FuzzRequest::new);
    }

    private Gen<byte[]> target(Endpoints.Endpoint endpoint) {
        String[] segments = endpoint.path().substring(1).split("/");
        List<Gen<String>> parts = new ArrayList<>();
        for (String segment : segments) {
            parts.add(segment(segment));
        }
        Gen<String> path = Gens.all(parts).map(list -> "/" + String.join("/", list));
        Gen<String> mutatedPath = path.zip(pathMutation(), (p, mutate) -> mutate.apply(p));
        return mutatedPath.zip(query(endpoint), (p, q) -> (p + q).getBytes(StandardCharsets.UTF_8));
    }

    private Gen<String> segment(String segment) {
        return switch (segment) {
            case "{sb}" -> Generate.frequency(Gens.weight(80, Generate.pick(sandboxIds)), Gens.weight(20, garbageSegment()));
            case "{job}", "{proc}", "{batch}" -> Generate.frequency(Gens.weight(45, Generate.constant(segment)),
                    Gens.weight(25, Gens.uuid()),
                    Gens.weight(30, garbageSegment()));
            case "{unknown}" -> Generate.frequency(
                    Gens.weight(60, Gens.uuid()),
                    Gens.weight(40, garbageSegment()));
            case "{port}" -> Generate.oneOf(Generate.range(-5, 70_000).map(n -> String.valueOf(n)), garbageSegment());
            default -> Generate.frequency(Gens.weight(98, Generate.constant(segment)), Gens.weight(2, garbageSegment()));
        };
    }

    /** A path segment no client should send: encoded or raw odd characters, very long, empty. */
    private static Gen<String> garbageSegment() {
        return Generate.oneOf(
                Gens.anyText(30).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)),
                // A raw ';' starts a path parameter, whose odd forms (";a,") Undertow's parser itself
                // refuses with a bare 400 before the application runs; pathMutation covers ';'.
                Gens.printable(30).map(s -> s.replace("%", "%25").replace("?", "%3F").replace("#", "%23").replace(" ", "%20")
                        .replace(";", "%3B")
                        .replace("\r", "%0D").replace("\n", "%0A").replace("\t", "%09")),
                Generate.pick(List.of("", ".", "..", "%2e%2e", "%00", "%FF", "%c0%af", "%zz", "a%2Fb", "A", "a%20b", "\u00e9t\u00e9",
                        "S1", "x".repeat(5000), "-", "_", "a..b")));
    }

    private static Gen<java.util.function.UnaryOperator<String>> pathMutation() {
        return Generate.frequency(
                Gens.weight(85, Generate.constant(p -> p)),
                Gens.weight(3, Generate.pick(List.of(";x=1", ";", ";jsessionid=1"))
                        .map(m -> (java.util.function.UnaryOperator<String>) p -> insertAfterSegment(p, m))),
                Gens.weight(3, Generate.constant(p -> p.replaceFirst("/", "//"))),
                Gens.weight(3, Generate.constant(p -> p + "/")),
                Gens.weight(3, Generate.pick(List.of("%00", "%FF", "/..", "/%2e%2e/%2e%2e/etc/passwd", "?", "#frag", "%"))
                        .map(m -> (java.util.function.UnaryOperator<String>) p -> p + m)),
                Gens.weight(3, Generate.constant(p -> p.toUpperCase(java.util.Locale.ROOT))));
    }

    private static String insertAfterSegment(String path, String insert) {
        int slash = path.indexOf('/', 1);
        return slash < 0 ? path + insert : path.substring(0, slash) + insert + path.substring(slash);
    }

    private static Gen<String> query(Endpoints.Endpoint endpoint) {
        List<String> names = new ArrayList<>(endpoint.query());
        names.add("unknown");
        Gen<String> pair = Generate.pick(names).zip(queryValue(), (name, value) -> name + "=" + value);
        Gen<String> pairs = Gens.listOf(pair, 4).map(list -> list.isEmpty() ? "" : "?" + String.join("&", list));
        // Endpoints that wait by default are told not to (a fuzz run must not sit in long-polls).
        boolean waitsByDefault = endpoint.path().endsWith("/files") && endpoint.method().equals("GET");
        return waitsByDefault ? pairs.map(q -> (q.isEmpty() ? "?" : q + "&") + "wait=0") : pairs;
    }

    private static Gen<String> queryValue() {
        return Generate.oneOf(
                Generate.pick(List.of("0", "1", "-1", "61", "501", "100001", "abc", "", "1.5", "1e3", "99999999999999999999",
                        "stdout", "both", "KILL", "TERM", "HUP", "queued", "a.txt", "/workspace/a.txt", "../../x", "%00",
                        "%FF", "%zz", "x".repeat(3000))),
                Gens.anyText(20).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)));
    }

    private Gen<List<String[]>> headers() {
        Gen<String[]> auth = Generate.frequency(
                Gens.weight(75, Generate.constant(new String[] {"Authorization", "Bearer " + tokenA})),
                Gens.weight(8, Generate.constant(new String[] {"Authorization", "Bearer " + tokenB})),
                Gens.weight(5, Generate.constant(new String[0])),
                Gens.weight(12, Generate.pick(List.of("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer x".repeat(2000), "bearer " + tokenA,
                        "Bearer \u00e9", "Bearer " + tokenA + " extra")).map(v -> new String[] {"Authorization", v})));
        Gen<String[]> contentType = Generate.frequency(
                Gens.weight(80, Generate.constant(new String[] {"Content-Type", "application/json"})),
                Gens.weight(20, Generate.pick(List.of("text/plain", "application/xml", "garbage", "application/json; charset=latin1",
                        "multipart/form-data; boundary=x", "", "application/octet-stream"))
                        .map(v -> new String[] {"Content-Type", v})));
        Gen<String[]> extra = Generate.frequency(
                Gens.weight(80, Generate.constant(new String[0])),
                Gens.weight(20, Generate.pick(List.of(
                        new String[] {"Idempotency-Key", "k".repeat(300)}, new String[] {"Idempotency-Key", ""},
                        new String[] {"Idempotency-Key", "fuzz-key"}, new String[] {"Accept", "application/xml"},
                        new String[] {"Accept", "text/html"}, new String[] {"Accept-Charset", "latin1"},
                        new String[] {"X-Forwarded-For", "1.2.3.4"}, new String[] {"Expect", "100-continue"},
                        new String[] {"Content-Encoding", "gzip"}, new String[] {"Content-Encoding", "br"},
                        new String[] {"Last-Event-ID", "-5"}, new String[] {"Last-Event-ID", "abc"}))));
        return auth.zip(contentType, extra, (a, c, e) -> {
            List<String[]> headers = new ArrayList<>();
            for (String[] h : List.of(a, c, e)) {
                if (h.length == 2) {
                    headers.add(h);
                }
            }
            return headers;
        });
    }

    private static Gen<byte[]> body(Endpoints.Endpoint endpoint) {
        if (endpoint.rawBody()) {
            return Generate.oneOf(Gens.anyBytes(4000), Generate.constant(new byte[0]), Generate.constant((byte[]) null));
        }
        if (endpoint.body() == null) {
            return Generate.frequency(Gens.weight(90, Generate.constant((byte[]) null)),
                    Gens.weight(10, Gens.anyBytes(200)));
        }
        Gen<String> bodies = endpoint.body().mutated();
        return Generate.frequency(
                Gens.weight(75, bodies.map(JsonGrammar::utf8)),
                Gens.weight(15, JsonGrammar.broken(bodies)),
                Gens.weight(5, JsonGrammar.anyValue().map(JsonGrammar::utf8)),
                Gens.weight(5, Generate.constant((byte[]) null)));
    }
}
