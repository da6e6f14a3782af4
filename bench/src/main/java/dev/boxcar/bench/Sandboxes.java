package dev.boxcar.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The sandboxes a run works in: created and warmed up front, destroyed at the end. */
final class Sandboxes {
    static final String TRUE_JOB = "{\"argv\":[\"true\"]}";

    private final Api api;
    private final BenchConfig config;
    private final String prefix;
    private final List<String> created = new ArrayList<>();

    Sandboxes(Api api, BenchConfig config, String runId) {
        this.api = api;
        this.config = config;
        this.prefix = "bench-" + runId + "-";
    }

    /** {@code count} sandboxes named {@code <group>-<n>}, each with its container running. */
    List<String> warm(String group, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + group + "-" + i;
            Api.expect(201, api.put("/sandboxes/" + id, "{}"), "create sandbox " + id);
            created.add(id);
            ids.add(id);
        }
        for (String id : ids) {
            JobRuns.submitAndAwait(api, "/sandboxes/" + id + "/exec", TRUE_JOB);
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

    /** Destroys every sandbox this run made (their queued jobs are cancelled with them). */
    void destroyAll() {
        for (String id : created) {
            int status = api.delete("/sandboxes/" + id).status();
            if (status != 202 && status != 404 && status != 409) {
                System.err.println("could not destroy sandbox " + id + ": HTTP " + status);
            }
        }
        created.clear();
    }
}
