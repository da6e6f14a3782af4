package dev.boxcar.it.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** One generated request: method, raw request target (path and query, any bytes), headers, body. */
record FuzzRequest(String method, byte[] target, List<String[]> headers, byte[] body) {

    @Override
    public String toString() {
        String shownBody = body == null ? "(none)" : body.length > 300
                ? new String(body, 0, 300, StandardCharsets.UTF_8) + "... (" + body.length + " bytes)"
                : new String(body, StandardCharsets.UTF_8);
        StringBuilder text = new StringBuilder(method).append(' ')
                .append(new String(target, StandardCharsets.UTF_8).replace("\u0000", "\\0"));
        headers.forEach(h -> text.append("\n  ").append(h[0]).append(": ").append(h[1]));
        return text.append("\n  body: ").append(shownBody.replace("\u0000", "\\0")).toString();
    }
}
