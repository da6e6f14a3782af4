package dev.boxcar.api.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Fails the deployment at start-up, with every problem named, when the configuration is bad. */
@ApplicationScoped
public class ConfigCheck {
    private static final Logger LOG = Logger.getLogger(ConfigCheck.class.getName());

    @Inject
    ApiConfig config;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (!config.problems().isEmpty()) {
            throw new IllegalStateException("invalid Boxcar API configuration: " + String.join("; ", config.problems()));
        }
        LOG.info(() -> "Boxcar API configured: " + config.tenantsByToken().size() + " token(s), images "
                + config.imageNames() + ", broker " + config.brokerUrl());
    }
}
