package dev.boxcar.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** The process ids `./boxcar up` recorded in its run folder: WildFly, Artemis, the workers. */
record StackPids(long api, long broker, Set<Long> workers) {

    static StackPids of(Path runDir) {
        Set<Long> workers = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDir, "worker-*.pid")) {
            files.forEach(file -> workers.add(Host.pidFromFile(file)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the workers in " + runDir + ": " + e.getMessage(), e);
        }
        return new StackPids(Host.pidFromFile(runDir.resolve("api.pid")), Host.pidFromFile(runDir.resolve("artemis.pid")),
                Set.copyOf(workers));
    }
}
