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
     * Every call ends within {@code callDeadline} ({@link DeadlineDockerHttpClient}).
     */
    public static DockerClient connect(String dockerHost, int maxConnections, Duration callDeadline) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(10))
                // Holds on TCP only; past the deadline, so that the deadline's answer is the one given.
                .responseTimeout(callDeadline.plusSeconds(5))
                .build();
        return DockerClientImpl.getInstance(config, new DeadlineDockerHttpClient(http, callDeadline));
    }
}
