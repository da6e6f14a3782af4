package dev.boxcar.api.config;

import dev.boxcar.api.quota.QuotaSetting;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API's settings from {@code BOXCAR_*} environment variables, validated when the application
 * starts ({@link ConfigCheck}); a bad value stops the deployment with one clear message.
 */
@ApplicationScoped
public class ApiConfig {
    private final Map<String, String> tenantsByToken;
    private final Set<String> imageNames;
    private final String brokerUrl;
    private final String brokerUser;
    private final String brokerPassword;
    private final String dbUrl;
    private final String dbUser;
    private final String dbPassword;
    private final long maxRequestBytes;
    private final Set<String> callbackAllowedHosts;
    private final QuotaSetting quotaQueuedJobs;
    private final QuotaSetting quotaSandboxes;
    private final QuotaSetting quotaStreams;
    private final String metricsToken;
    private final String publicUrl;
    private final List<String> problems = new ArrayList<>();

    public ApiConfig() {
        this(System.getenv());
    }

    ApiConfig(Map<String, String> env) {
        this.tenantsByToken = parseTokens(env.get("BOXCAR_API_TOKENS"), problems);
        this.imageNames = parseImageNames(env.getOrDefault("BOXCAR_SANDBOX_IMAGES", "default=boxcar/sandbox:default"), problems);
        this.brokerUrl = text(env, "BOXCAR_BROKER_URL", "tcp://127.0.0.1:61616");
        this.brokerUser = text(env, "BOXCAR_BROKER_USER", "boxcar");
        this.brokerPassword = text(env, "BOXCAR_BROKER_PASSWORD", "boxcar");
        this.dbUrl = text(env, "BOXCAR_DB_URL", "jdbc:postgresql://127.0.0.1:5432/boxcar");
        this.dbUser = text(env, "BOXCAR_DB_USER", "boxcar");
        this.dbPassword = text(env, "BOXCAR_DB_PASSWORD", "boxcar");
        this.maxRequestBytes = positiveLong(env, "BOXCAR_MAX_REQUEST_BYTES", 10L * 1024 * 1024, problems);
        this.callbackAllowedHosts = parseHosts(env.get("BOXCAR_CALLBACK_ALLOWED_HOSTS"));
        this.quotaQueuedJobs = QuotaSetting.parse("BOXCAR_QUOTA_QUEUED_JOBS", env.get("BOXCAR_QUOTA_QUEUED_JOBS"), 10_000,
                problems);
        this.quotaSandboxes = QuotaSetting.parse("BOXCAR_QUOTA_SANDBOXES", env.get("BOXCAR_QUOTA_SANDBOXES"), 1000, problems);
        this.quotaStreams = QuotaSetting.parse("BOXCAR_QUOTA_STREAMS", env.get("BOXCAR_QUOTA_STREAMS"), 64, problems);
        this.metricsToken = text(env, "BOXCAR_METRICS_TOKEN", null);
        this.publicUrl = parsePublicUrl(env.get("BOXCAR_PUBLIC_URL"), problems);
    }

    /** Jobs the tenant may have waiting (queued) at once. */
    public long quotaQueuedJobs(String tenant) { return quotaQueuedJobs.forTenant(tenant); }
    /** Sandboxes the tenant may have that are not destroyed. */
    public long quotaSandboxes(String tenant) { return quotaSandboxes.forTenant(tenant); }
    /** Server-Sent Event streams the tenant may hold open at once (per API instance). */
    public long quotaStreams(String tenant) { return quotaStreams.forTenant(tenant); }

    /** The tenant a bearer token belongs to, if the token is configured. */
    public Optional<String> tenantForToken(String token) {
        return Optional.ofNullable(tenantsByToken.get(token));
    }

    public Map<String, String> tenantsByToken() {
        return tenantsByToken;
    }

    public boolean isAllowedImage(String name) {
        return imageNames.contains(name);
    }

    public Set<String> imageNames() {
        return imageNames;
    }

    /** The bearer token that lets a scraper on another host read {@code /metrics}; empty: loopback only. */
    /**
     * {@code BOXCAR_PUBLIC_URL}: the base URL clients reach the API at, ending in '/', for the URLs
     * the API hands out (preview URLs); unset, they are built from the URL the client called.
     */
    public Optional<String> publicUrl() { return Optional.ofNullable(publicUrl); }

    public Optional<String> metricsToken() { return Optional.ofNullable(metricsToken).filter(t -> !t.isBlank()); }

    public String brokerUrl() { return brokerUrl; }
    public String brokerUser() { return brokerUser; }
    public String brokerPassword() { return brokerPassword; }
    public String dbUrl() { return dbUrl; }
    public String dbUser() { return dbUser; }
    public String dbPassword() { return dbPassword; }
    public long maxRequestBytes() { return maxRequestBytes; }

    /**
     * Whether a batch callback may go to this URL: its host and port must be an entry of
     * {@code BOXCAR_CALLBACK_ALLOWED_HOSTS} ({@code host:port}; a bare host allows its scheme's
     * default port only). Empty means callbacks are off.
     */
    public boolean isAllowedCallbackTarget(java.net.URI url) {
        if (url.getHost() == null) {
            return false;
        }
        int port = url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        String host = url.getHost().toLowerCase(java.util.Locale.ROOT);
        int defaultPort = "https".equals(url.getScheme()) ? 443 : 80;
        return callbackAllowedHosts.contains(host + ":" + port)
                || (port == defaultPort && callbackAllowedHosts.contains(host));
    }

    static Set<String> parseHosts(String spec) {
        Set<String> hosts = new LinkedHashSet<>();
        if (spec != null) {
            for (String host : spec.split(",")) {
                if (!host.isBlank()) {
                    hosts.add(host.trim().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return Collections.unmodifiableSet(hosts);
    }

    private static String parsePublicUrl(String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(value.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                problems.add("BOXCAR_PUBLIC_URL must be an http(s) URL without query, e.g. https://boxcar.example.com/");
                return null;
            }
            String text = uri.toString();
            return text.endsWith("/") ? text : text + "/";
        } catch (java.net.URISyntaxException e) {
            problems.add("BOXCAR_PUBLIC_URL is not a URL: " + e.getMessage());
            return null;
        }
    }

    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    static Map<String, String> parseTokens(String spec, List<String> problems) {
        Map<String, String> byToken = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            problems.add("BOXCAR_API_TOKENS is not set: give tenant:token pairs, e.g. alice:tok-a,bob:tok-b");
            return byToken;
        }
        for (String pair : spec.split(",")) {
            String trimmed = pair.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                // Never echo the entry: it may be a secret.
                problems.add("BOXCAR_API_TOKENS has an entry that is not tenant:token");
                continue;
            }
            String tenant = trimmed.substring(0, colon).trim();
            String token = trimmed.substring(colon + 1).trim();
            if (byToken.putIfAbsent(token, tenant) != null) {
                problems.add("BOXCAR_API_TOKENS gives the same token to two tenants");
            }
        }
        return Collections.unmodifiableMap(byToken);
    }

    static Set<String> parseImageNames(String spec, List<String> problems) {
        Set<String> names = new LinkedHashSet<>();
        for (String entry : spec.split(",")) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                problems.add("BOXCAR_SANDBOX_IMAGES entry '" + entry.trim() + "' is not name=image");
                continue;
            }
            names.add(entry.substring(0, eq).trim());
        }
        if (!names.contains("default")) {
            problems.add("BOXCAR_SANDBOX_IMAGES must name a 'default' image");
        }
        return Collections.unmodifiableSet(names);
    }

    private static String text(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static long positiveLong(Map<String, String> env, String name, long fallback, List<String> problems) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed <= 0) {
                problems.add(name + " must be positive");
            }
            return parsed;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number, got '" + value + "'");
            return fallback;
        }
    }
}
