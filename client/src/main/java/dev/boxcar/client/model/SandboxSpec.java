package dev.boxcar.client.model;

import java.util.Map;

/**
 * The configuration a sandbox is created with ({@code PUT /sandboxes/{id}}); every field is
 * optional and a null one takes the server's default. A sandbox's configuration is fixed at
 * creation: a later PUT whose given fields differ is answered 409.
 */
public record SandboxSpec(String image, Map<String, String> env, Integer memoryMb, Double cpus, Integer pids,
                          String network, String user, Integer idleTimeoutSeconds) {

    /** Nothing given: the server's defaults. */
    public static SandboxSpec defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SandboxSpec} one field at a time. */
    public static final class Builder {
        private String image;
        private Map<String, String> env;
        private Integer memoryMb;
        private Double cpus;
        private Integer pids;
        private String network;
        private String user;
        private Integer idleTimeoutSeconds;

        private Builder() {
        }

        /** An image of the server's allow-list ({@code default} always exists). */
        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder env(Map<String, String> env) {
            this.env = Map.copyOf(env);
            return this;
        }

        public Builder memoryMb(int memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }

        public Builder cpus(double cpus) {
            this.cpus = cpus;
            return this;
        }

        public Builder pids(int pids) {
            this.pids = pids;
            return this;
        }

        /** {@code none} (the default) or {@code bridge}. */
        public Builder network(String network) {
            this.network = network;
            return this;
        }

        /** {@code sandbox} (the default, unprivileged) or {@code root} (root inside the container only). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder idleTimeoutSeconds(int idleTimeoutSeconds) {
            this.idleTimeoutSeconds = idleTimeoutSeconds;
            return this;
        }

        public SandboxSpec build() {
            return new SandboxSpec(image, env, memoryMb, cpus, pids, network, user, idleTimeoutSeconds);
        }
    }
}
