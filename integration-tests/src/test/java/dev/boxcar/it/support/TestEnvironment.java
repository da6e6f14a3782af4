package dev.boxcar.it.support;

import java.util.UUID;

/**
 * Where the running Boxcar is and the two tenants' tokens; {@code ./boxcar test} sets these after
 * bringing the stack up with two tenants that exist only for that run.
 */
public final class TestEnvironment {
    public static final String TENANT_A = "it-alice";
    public static final String TENANT_B = "it-bob";
    public static final String TENANT_C = "it-carol";
    /** Unique per test JVM, so reruns against the same database never collide. */
    public static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private TestEnvironment() {
    }

    public static String apiUrl() {
        return required("BOXCAR_TEST_API_URL");
    }

    /**
     * The second API server of {@code ./boxcar test} (same database, broker and workers), or null
     * when the stack runs one server only.
     */
    public static String secondApiUrl() {
        String value = System.getenv("BOXCAR_TEST_API_URL_2");
        return value == null || value.isBlank() ? null : value;
    }

    public static String tokenA() {
        return required("BOXCAR_TEST_TOKEN_A");
    }

    /** A third tenant, for the quota tests (which fill its quotas). */
    public static String tokenC() {
        return required("BOXCAR_TEST_TOKEN_C");
    }

    public static String tokenB() {
        return required("BOXCAR_TEST_TOKEN_B");
    }

    /** A sandbox id unique to this run. */
    public static String sandboxId(String purpose) {
        return purpose + "-" + RUN;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the integration tests with ./boxcar test");
        }
        return value;
    }
}
