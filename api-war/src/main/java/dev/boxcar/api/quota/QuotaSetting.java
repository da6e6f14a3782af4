package dev.boxcar.api.quota;

import java.util.List;
import java.util.Map;

/**
 * One quota setting: a default for every tenant and, optionally, tenants with limits of their own,
 * written {@code N} or {@code N,tenant:M,tenant:M} (a paying customer gets more, a test tenant
 * less).
 */
public record QuotaSetting(long byDefault, Map<String, Long> byTenant) {

    public long forTenant(String tenant) {
        return byTenant.getOrDefault(tenant, byDefault);
    }

    /** Parses {@code spec}; problems go to {@code problems} under {@code name}. */
    public static QuotaSetting parse(String name, String spec, long fallback, List<String> problems) {
        if (spec == null || spec.isBlank()) {
            return new QuotaSetting(fallback, Map.of());
        }
        long byDefault = fallback;
        Map<String, Long> byTenant = new java.util.LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.lastIndexOf(':');
            try {
                if (colon < 0) {
                    byDefault = positive(Long.parseLong(trimmed));
                } else {
                    byTenant.put(trimmed.substring(0, colon).trim(), positive(Long.parseLong(trimmed.substring(colon + 1).trim())));
                }
            } catch (IllegalArgumentException e) {
                problems.add(name + " must be N or N,tenant:M,... with positive whole numbers, got '" + spec + "'");
                return new QuotaSetting(fallback, Map.of());
            }
        }
        return new QuotaSetting(byDefault, Map.copyOf(byTenant));
    }

    private static long positive(long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("not positive");
        }
        return value;
    }
}
