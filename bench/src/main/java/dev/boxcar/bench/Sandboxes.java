package dev.boxcar.bench;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.BoxcarProblemException;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandboxes a run works in: created and warmed up front, destroyed at the end. Setup, not
 * measured: done with the Java client.
 */
final class Sandboxes {
    static final String TRUE_JOB = "{\"argv\":[\"true\"]}";

    private final BoxcarClient client;
    private final BenchConfig config;
    private final String prefix;
    private final List<String> created = new ArrayList<>();

    Sandboxes(BoxcarClient client, BenchConfig config, String runId) {
        this.client = client;
        this.config = config;
        this.prefix = "bench-" + runId + "-";
    }

    /** {@code count} sandboxes named {@code <group>-<n>}, each with its container running. */
    List<String> warm(String group, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + group + "-" + i;
            client.sandboxes().create(id);
            created.add(id);
            ids.add(id);
        }
        for (String id : ids) {
            Job warmUp = client.sandboxes().execAndWait(id, ExecRequest.argv("true").build(), Duration.ofMinutes(1));
            if (!"completed".equals(warmUp.status())) {
                throw new IllegalStateException("warming sandbox " + id + " failed: " + warmUp);
            }
        }
        return ids;
    }

    /** A new sandbox id, not created yet (the first job creates it). */
    String fresh(String group, int n) {
        String id = prefix + group + "-" + n;
        created.add(id);
        return id;
    }

    String containerName(String sandboxId) {
        String names = Host.run(List.of("docker", "ps", "--filter", "label=boxcar.tenant=" + config.tenant(),
                "--filter", "label=boxcar.sandbox=" + sandboxId, "--format", "{{.Names}}"));
        if (names.isBlank() || names.contains("\n")) {
            throw new IllegalStateException("expected one running container for sandbox " + sandboxId + ": '" + names + "'");
        }
        return names;
    }

    Path agentSocket(String sandboxId) {
        return config.agentSocketDir().resolve(containerName(sandboxId)).resolve("agent.sock");
    }

    /** Destroys these sandboxes and waits until they are (the destroy job runs on each one's host). */
    void destroyAndWait(Api api, List<String> ids) {
        awaitDestroyed(api, startDestroying(api, ids));
    }

    /**
     * Starts destroying these sandboxes (their queued jobs are cancelled at once, even while no
     * worker runs); returns the destroy jobs, for {@link #awaitDestroyed}.
     */
    List<String> startDestroying(Api api, List<String> ids) {
        List<String> jobs = new ArrayList<>();
        for (String id : ids) {
            jobs.add(Api.expect(202, api.delete("/sandboxes/" + id), "destroy " + id).json().getString("id"));
            created.remove(id);
        }
        return jobs;
    }

    void awaitDestroyed(Api api, List<String> destroyJobs) {
        for (String job : destroyJobs) {
            if (!"completed".equals(api.awaitJob(job).getString("status"))) {
                throw new IllegalStateException("destroy job " + job + " did not complete");
            }
        }
    }

    /** Destroys every sandbox this run made (their queued jobs are cancelled with them). */
    void destroyAll() {
        for (String id : created) {
            try {
                client.sandboxes().destroy(id);
            } catch (BoxcarProblemException e) {
                // 404: never created (a fresh id whose job did not run); 409: already being destroyed.
                if (e.status() != 404 && e.status() != 409) {
                    System.err.println("could not destroy sandbox " + id + ": " + e.getMessage());
                }
            }
        }
        created.clear();
    }
}
