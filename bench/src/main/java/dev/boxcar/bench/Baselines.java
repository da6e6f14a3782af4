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
            AgentRequest request = trueRequest();
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

    /** What {@link #agentCeiling} measured: calls per second, and CPU milliseconds per call of each part. */
    record Ceiling(double perSecond, Map<String, Double> cpuPerCallMs) {
    }

    /**
     * The ceiling of section 2 (issue #16): the same {@code true} through the same agents, by
     * {@code clients} threads at once over all {@code sockets} (so each agent runs several at a
     * time, as under the end-to-end load), with no queue and no database: what the agents and the
     * machine give at most, for end-to-end jobs/s to be read against.
     */
    Ceiling agentCeiling(List<Path> sockets, int clients, int calls, CpuMeter cpu) {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Parallel.run(clients, client -> { // unmeasured: the client's JIT, and the agents' threads
            for (int i = 0; i < 20; i++) {
                call(sockets.get((client + i) % sockets.size()), trueRequest());
            }
        });
        Map<String, Long> before = cpu.snapshot();
        long start = System.nanoTime();
        Parallel.run(clients, client -> {
            int n;
            while ((n = next.getAndIncrement()) < calls) {
                AgentResponse.ExecResult result = call(sockets.get(n % sockets.size()), trueRequest());
                if (result.exitCode() == null || result.exitCode() != 0) {
                    throw new IllegalStateException("true failed through the agent: " + result);
                }
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Ceiling(calls / seconds, CpuMeter.perUnit(before, cpu.snapshot(), calls));
    }

    private static AgentRequest trueRequest() {
        return AgentRequest.exec(new AgentRequest.Exec(List.of("true"), "/workspace", Map.of(),
                null, List.of(), 30_000, 1 << 20, UUID.randomUUID().toString(), false));
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
