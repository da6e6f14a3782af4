package dev.boxcar.core.callback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs batch callbacks the way API.md says, in the style of Stripe:
 * {@code X-Boxcar-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}, keyed with
 * the tenant's own secret, so one tenant's secret never verifies another's deliveries and a
 * delivery cannot be replayed later (receivers reject a {@code t} older than five minutes).
 *
 * <p>A tenant's secret is its entry in {@code BOXCAR_CALLBACK_SECRETS} ({@code tenant:secret}
 * pairs); a tenant without one gets a secret derived from {@code BOXCAR_CALLBACK_SECRET}:
 * the hex HMAC-SHA256 of {@code "callback-secret:<tenant>"} under it (what
 * {@code ./boxcar callback-secret TENANT} prints), distinct for every tenant.
 */
public final class CallbackSigner {
    public static final String HEADER = "X-Boxcar-Signature";

    private final Map<String, String> explicit;
    private final String master;

    public CallbackSigner(Map<String, String> explicitSecrets, String masterSecret) {
        this.explicit = Map.copyOf(explicitSecrets);
        this.master = masterSecret;
    }

    /**
     * The signer from the two settings: {@code BOXCAR_CALLBACK_SECRETS} ({@code tenant:secret}
     * pairs) and {@code BOXCAR_CALLBACK_SECRET}, which is the master secret, or, when it is written
     * as {@code tenant:secret} pairs itself, more pairs (and then there is no master).
     */
    public static CallbackSigner fromSettings(String secretSetting, String secretsSetting) {
        Map<String, String> explicit = new LinkedHashMap<>(parseSecrets(secretsSetting));
        String master = secretSetting;
        if (secretSetting != null && secretSetting.contains(":")) {
            parseSecrets(secretSetting).forEach(explicit::putIfAbsent);
            master = null;
        }
        return new CallbackSigner(explicit, master);
    }

    /** {@code tenant:secret,tenant:secret}; entries without a colon are skipped. */
    public static Map<String, String> parseSecrets(String spec) {
        Map<String, String> secrets = new LinkedHashMap<>();
        if (spec != null) {
            for (String entry : spec.split(",")) {
                int colon = entry.indexOf(':');
                if (colon > 0 && colon < entry.trim().length() - 1) {
                    secrets.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
                }
            }
        }
        return secrets;
    }

    /** Whether deliveries of this tenant can be signed at all. */
    public boolean canSign(String tenant) {
        return explicit.containsKey(tenant) || (master != null && !master.isBlank());
    }

    public String secretFor(String tenant) {
        String own = explicit.get(tenant);
        if (own != null) {
            return own;
        }
        if (master == null || master.isBlank()) {
            throw new IllegalStateException("no callback secret for tenant " + tenant);
        }
        return hmacHex(master, "callback-secret:" + tenant);
    }

    /** The header value for a delivery of {@code body} at {@code unixSeconds}. */
    public String header(String tenant, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmacHex(secretFor(tenant), unixSeconds + "." + body);
    }

    public static String hmacHex(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
