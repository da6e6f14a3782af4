package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.TestEnvironment;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FilesIT {
    private final BoxcarClient alice = Clients.tenantA();
    /** For the reads, whose Content-Type and statuses are checked, and for the refused requests. */
    private final RawApi raw = RawApi.tenantA();

    @Test
    void bytesGoInAndComeOutUnchangedWithParentsCreated() {
        String sandbox = TestEnvironment.sandboxId("files");
        byte[] content = new byte[256 * 1024];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Job written = alice.files().writeAndWait(sandbox, "deep/er/data.bin", content, Duration.ofSeconds(30));
        assertEquals("file.write", written.type());
        assertEquals("completed", written.status(), written::toString);

        HttpResponse<byte[]> read = raw.getBytes("/api/v1/sandboxes/" + sandbox + "/files?path=/workspace/deep/er/data.bin");
        assertEquals(200, read.statusCode());
        assertEquals("application/octet-stream", read.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(content, read.body());

        Job owner = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("stat -c %U deep/er/data.bin"));
        assertEquals("sandbox\n", owner.result().stdout(), "written as the sandbox user");
    }

    @Test
    void aMissingFileIs404AndAnUnreadableOneIsAProblem() {
        String sandbox = TestEnvironment.sandboxId("files-missing");
        // Reading never creates a sandbox (API.md): this one exists first.
        alice.sandboxes().create(sandbox);
        HttpResponse<byte[]> missing = raw.getBytes("/api/v1/sandboxes/" + sandbox + "/files?path=nope.txt");
        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<byte[]> shadow = raw.getBytes("/api/v1/sandboxes/" + sandbox + "/files?path=/etc/shadow");
        assertEquals(400, shadow.statusCode(), "the sandbox user may not read it");
    }

    @Test
    void aRelativePathThatClimbsOutOfTheWorkspaceIs400() {
        String sandbox = TestEnvironment.sandboxId("files-climb");
        ApiResponse climb = raw.putBytes("/api/v1/sandboxes/" + sandbox + "/files?path=../etc/passwd", new byte[] {1});
        assertEquals(400, climb.status(), climb::toString);
        assertEquals("path", climb.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(400, raw.getBytes("/api/v1/sandboxes/" + sandbox + "/files").statusCode(), "path is required");
    }

    /** The review's finding: a GET of a FIFO held a worker slot for up to 60 s. */
    @Test
    void aFifoOrAFileOverTheReadLimitIsRefusedAtOnce() {
        String sandbox = TestEnvironment.sandboxId("files-special");
        Jobs.runInSandbox(alice, sandbox, ExecRequest.command("mkfifo pipe && head -c 17000000 /dev/zero > big.bin"));
        long started = System.nanoTime();
        HttpResponse<byte[]> fifo = raw.getBytes("/api/v1/sandboxes/" + sandbox + "/files?path=pipe&wait=30");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(400, fifo.statusCode(), new String(fifo.body(), StandardCharsets.UTF_8));
        assertTrue(tookMs < 10_000, "reading a FIFO took " + tookMs + " ms");
        HttpResponse<byte[]> big = raw.getBytes("/api/v1/sandboxes/" + sandbox + "/files?path=big.bin&wait=30");
        assertEquals(400, big.statusCode(), "a file over BOXCAR_MAX_FILE_READ_BYTES (16 MiB) is refused");
    }

    /**
     * Reads of the largest file allowed, four at once: each is held several times over in the
     * worker on its way to the database; the worker reads one at a time, so all four arrive whole
     * and the worker still runs jobs afterwards.
     */
    @Test
    void fourReadsOfTheLargestFileAtOnceAllArriveWhole() throws Exception {
        String sandbox = TestEnvironment.sandboxId("files-max");
        int size = 16 << 20;
        Jobs.runInSandbox(alice, sandbox, ExecRequest.command("head -c " + size + " /dev/urandom > max.bin && sha256sum max.bin"));
        String expected = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("sha256sum max.bin | cut -c1-64"))
                .result().stdout().trim();
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<HttpResponse<byte[]>>> reads = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                reads.add(readers.submit(() -> raw.getBytes("/api/v1/sandboxes/" + sandbox + "/files?path=max.bin&wait=60")));
            }
            for (var read : reads) {
                HttpResponse<byte[]> response = read.get(120, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(200, response.statusCode());
                assertEquals(size, response.body().length);
                assertEquals(expected, java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(response.body())));
            }
        } finally {
            readers.shutdownNow();
        }
        assertEquals("still here\n", Jobs.runInSandbox(alice, sandbox, ExecRequest.command("echo still here"))
                .result().stdout());
    }
}
