package dev.boxcar.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigTest {

    @Test
    void defaultsApplyWhenNothingIsSet(@TempDir Path dir) throws IOException {
        Path agent = Files.createFile(dir.resolve("agent"));
        WorkerConfig config = WorkerConfig.fromEnvironment(Map.of("BOXCAR_AGENT_BINARY", agent.toString()));
        assertEquals("jdbc:postgresql://127.0.0.1:5432/boxcar", config.dbUrl());
        assertEquals(4, config.concurrency());
        assertEquals(Map.of("default", "boxcar/sandbox:default"), config.sandboxImages());
        assertEquals(1 << 20, config.maxOutputBytes());
    }

    @Test
    void everyProblemIsReportedAtOnce(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerConfig.fromEnvironment(Map.of(
                "BOXCAR_WORKER_CONCURRENCY", "0",
                "BOXCAR_DB_URL", "mysql://x",
                "BOXCAR_AGENT_BINARY", dir.resolve("missing").toString(),
                "BOXCAR_SANDBOX_IMAGES", "py=python:3")));
        String message = e.getMessage();
        assertTrue(message.contains("BOXCAR_WORKER_CONCURRENCY"), message);
        assertTrue(message.contains("BOXCAR_DB_URL"), message);
        assertTrue(message.contains("BOXCAR_AGENT_BINARY"), message);
        assertTrue(message.contains("'default'"), message);
    }

    @Test
    void imagesParseAsAnAllowList() {
        List<String> problems = new ArrayList<>();
        assertEquals(Map.of("default", "boxcar/sandbox:default", "py", "python:3.12"),
                WorkerConfig.parseImages("default=boxcar/sandbox:default, py=python:3.12", problems));
        assertTrue(problems.isEmpty());
        WorkerConfig.parseImages("default", problems);
        assertEquals(1, problems.size());
    }
}
