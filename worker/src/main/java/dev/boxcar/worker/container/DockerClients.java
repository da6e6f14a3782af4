package dev.boxcar.worker.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;

/** Builds the docker-java client used for container lifecycle (never for the hot exec path). */
public final class DockerClients {
    private DockerClients() {
    }

    /**
     * {@code dockerHost}: a unix socket, or {@code tcp://host:2376} for an engine on another
     * machine; TLS then comes from the usual DOCKER_TLS_VERIFY and DOCKER_CERT_PATH (README "Scale-out").
     */
    public static DockerClient connect(String dockerHost, int maxConnections) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofSeconds(120))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
