package dev.boxcar.it.support;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.RetryPolicy;
import java.net.URI;
import java.time.Duration;

/**
 * The typed Java client ({@code client/}) for the test tenants, pointed at the stack under test
 * (and at its second API server too, when it runs one, to fail over to). For tests that check
 * objects; tests that check statuses, headers or raw bodies use {@link RawApi}.
 */
public final class Clients {
    private Clients() {
    }

    public static BoxcarClient tenantA() {
        return forToken(TestEnvironment.tokenA());
    }

    public static BoxcarClient tenantB() {
        return forToken(TestEnvironment.tokenB());
    }

    public static BoxcarClient forToken(String token) {
        BoxcarClient.Builder builder = BoxcarClient.builder()
                .baseUrl(URI.create(TestEnvironment.apiUrl()))
                .token(token)
                .requestTimeout(Duration.ofSeconds(30))
                // Generous: the stack under test may restart an API server (about 25 s) meanwhile.
                .retries(RetryPolicy.of(20, Duration.ofSeconds(120)));
        if (TestEnvironment.secondApiUrl() != null) {
            builder.baseUrl(URI.create(TestEnvironment.secondApiUrl()));
        }
        return builder.build();
    }
}
