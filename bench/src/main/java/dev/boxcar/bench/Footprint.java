package dev.boxcar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Resident memory of Boxcar's processes: the API server, the workers, the agents. */
final class Footprint {
    private final Path runDir;

    Footprint(Path runDir) {
        this.runDir = runDir;
    }

    Host.Memory api() {
        return Host.memoryOf(StackPids.of(runDir).api());
    }

    /** The largest worker (every worker runs the same code). */
    Host.Memory worker() {
        return largest(StackPids.of(runDir).workers().stream().map(Host::memoryOf).toList());
    }

    /** The largest agent among these containers: the child of the container's init. */
    Host.Memory agent(List<String> containers) {
        List<Host.Memory> all = new ArrayList<>();
        for (String container : containers) {
            String init = Host.run(List.of("docker", "inspect", "-f", "{{.State.Pid}}", container));
            try {
                String children = Files.readString(Path.of("/proc", init, "task", init, "children")).trim();
                for (String child : children.split("\\s+")) {
                    all.add(Host.memoryOf(Long.parseLong(child)));
                }
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("cannot find the agent of " + container + ": " + e.getMessage(), e);
            }
        }
        return largest(all);
    }

    private static Host.Memory largest(List<Host.Memory> all) {
        return all.stream().max(java.util.Comparator.comparingDouble(Host.Memory::rssMiB))
                .orElseThrow(() -> new IllegalStateException("no process found to measure"));
    }
}
