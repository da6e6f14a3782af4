package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class FilesIT {
    private final RawApi alice = RawApi.tenantA();

    @Test
    void bytesGoInAndComeOutUnchangedWithParentsCreated() {
        String sandbox = TestEnvironment.sandboxId("files");
        byte[] content = new byte[256 * 1024];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        ApiResponse written = alice.putBytes("/api/v1/sandboxes/" + sandbox + "/files?path=deep/er/data.bin&wait=30", content);
        assertEquals(200, written.status(), written::toString);
        assertEquals("file.write", written.json().getString("type"));
        assertEquals("completed", written.json().getString("status"));

        HttpResponse<byte[]> read = alice.getBytes("/api/v1/sandboxes/" + sandbox + "/files?path=/workspace/deep/er/data.bin");
        assertEquals(200, read.statusCode());
        assertEquals("application/octet-stream", read.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(content, read.body());

        JsonObject owner = Jobs.runInSandbox(alice, sandbox, ExecRequest.command("stat -c %U deep/er/data.bin"));
        assertEquals("sandbox\n", owner.getJsonObject("result").getString("stdout"), "written as the sandbox user");
    }

    @Test
    void aMissingFileIs404AndAnUnreadableOneIsAProblem() {
        String sandbox = TestEnvironment.sandboxId("files-missing");
        // Reading never creates a sandbox (API.md): this one exists first.
        assertEquals(201, alice.put("/api/v1/sandboxes/" + sandbox, "{}").status());
        HttpResponse<byte[]> missing = alice.getBytes("/api/v1/sandboxes/" + sandbox + "/files?path=nope.txt");
        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<byte[]> shadow = alice.getBytes("/api/v1/sandboxes/" + sandbox + "/files?path=/etc/shadow");
        assertEquals(400, shadow.statusCode(), "the sandbox user may not read it");
    }

    @Test
    void aRelativePathThatClimbsOutOfTheWorkspaceIs400() {
        String sandbox = TestEnvironment.sandboxId("files-climb");
        ApiResponse climb = alice.putBytes("/api/v1/sandboxes/" + sandbox + "/files?path=../etc/passwd", new byte[] {1});
        assertEquals(400, climb.status(), climb::toString);
        assertEquals("path", climb.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(400, alice.getBytes("/api/v1/sandboxes/" + sandbox + "/files").statusCode(), "path is required");
    }

    /** The review's finding: a GET of a FIFO held a worker slot for up to 60 s. */
    @Test
    void aFifoOrAFileOverTheReadLimitIsRefusedAtOnce() {
        String sandbox = TestEnvironment.sandboxId("files-special");
        dev.boxcar.it.support.Jobs.runInSandbox(alice, sandbox, dev.boxcar.it.support.ExecRequest.command(
                "mkfifo pipe && head -c 17000000 /dev/zero > big.bin"));
        long started = System.nanoTime();
        HttpResponse<byte[]> fifo = alice.getBytes("/api/v1/sandboxes/" + sandbox + "/files?path=pipe&wait=30");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(400, fifo.statusCode(), new String(fifo.body(), java.nio.charset.StandardCharsets.UTF_8));
        org.junit.jupiter.api.Assertions.assertTrue(tookMs < 10_000, "reading a FIFO took " + tookMs + " ms");
        HttpResponse<byte[]> big = alice.getBytes("/api/v1/sandboxes/" + sandbox + "/files?path=big.bin&wait=30");
        assertEquals(400, big.statusCode(), "a file over BOXCAR_MAX_FILE_READ_BYTES (16 MiB) is refused");
    }
}
