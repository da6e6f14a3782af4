package dev.boxcar.api.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may read {@code /metrics}: the numbers name tenants and their volumes, which one tenant must
 * not learn of another. Without {@code BOXCAR_METRICS_TOKEN}, callers on this host only (a
 * Prometheus beside the server); with it, anyone who sends it as a bearer token.
 */
final class MetricsAccess {
    enum Verdict { ALLOWED, WRONG_TOKEN, LOOPBACK_ONLY }

    private MetricsAccess() {
    }

    static Verdict check(String remoteAddress, Optional<String> configuredToken, String authorization) {
        if (configuredToken.isPresent()) {
            String expected = "Bearer " + configuredToken.get();
            // Constant time, like the API's own tokens.
            return authorization != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    authorization.trim().getBytes(StandardCharsets.UTF_8)) ? Verdict.ALLOWED : Verdict.WRONG_TOKEN;
        }
        return isLoopback(remoteAddress) ? Verdict.ALLOWED : Verdict.LOOPBACK_ONLY;
    }

    private static boolean isLoopback(String address) {
        if (address == null || !address.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            // A literal address: no name lookup happens.
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
