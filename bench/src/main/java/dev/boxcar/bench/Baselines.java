package dev.boxcar.bench;

import dev.boxcar.worker.agent.AgentClient;
import dev.boxcar.worker.agent.AgentException;
import dev.boxcar.worker.agent.AgentRequest;
import dev.boxcar.worker.agent.AgentResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The same work without Boxcar around it: the agent called directly, and the docker CLI. */
final class Baselines {
    private final AgentClient agent = new AgentClient(1 << 20, 16 << 20);

    /** {@code true} through each sandbox's agent in turn, as the worker calls it, one at a time. */
    Latency.Summary agentDirect(List<Path> sockets, int runs) {
        Latency latency = new Latency();
        for (int i = 0; i < runs + runs / 10; i++) {
            Path socket = sockets.get(i % sockets.size());
            AgentRequest request = AgentRequest.exec(new AgentRequest.Exec(List.of("true"), "/workspace", Map.of(),
                    null, List.of(), 30_000, 1 << 20, UUID.randomUUID().toString(), false));
            long start = System.nanoTime();
            AgentResponse.ExecResult result = call(socket, request);
            if (i >= runs / 10) { // the first tenth warms up the client
                latency.record(System.nanoTime() - start);
            }
            if (result.exitCode() == null || result.exitCode() != 0) {
                throw new IllegalStateException("true failed through the agent: " + result);
            }
        }
        return latency.summary();
    }

    /** {@code docker exec <container> true}, one at a time. */
    Latency.Summary dockerExec(List<String> containers, int runs) {
        Latency latency = new Latency();
        for (int i = 0; i < runs; i++) {
            String container = containers.get(i % containers.size());
            latency.time(() -> Host.run(List.of("docker", "exec", container, "true")));
        }
        return latency.summary();
    }

    /** {@code docker run --rm --network none <image> true}: a fresh container per command. */
    Latency.Summary dockerRun(String image, int runs) {
        Latency latency = new Latency();
        for (int i = 0; i < runs; i++) {
            latency.time(() -> Host.run(List.of("docker", "run", "--rm", "--network", "none",
                    "--label", "boxcar.bench=true", image, "true")));
        }
        return latency.summary();
    }

    private AgentResponse.ExecResult call(Path socket, AgentRequest request) {
        try {
            return agent.call(socket, request, Duration.ofSeconds(60)).exec();
        } catch (AgentException e) {
            throw new IllegalStateException("agent call failed: " + e.getMessage(), e);
        }
    }
}
