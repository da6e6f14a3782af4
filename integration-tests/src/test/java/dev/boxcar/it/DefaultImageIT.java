package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Jobs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The `default` image's tool set (API.md "Sandboxes"), as the unprivileged user commands run as:
 * every tool is on PATH, and the runtimes that come from the npm registry (runtimes.txt) are the
 * pinned ones: Node.js 20 with its npm, and Bun.
 */
class DefaultImageIT {
    private final BoxcarClient alice = Clients.tenantA();

    @Test
    void everyToolApiMdListsIsOnPath() {
        String tools = "bash python3 pip3 ipython3 node npm npx bun gcc g++ make git curl wget jq zip unzip vim nano htop ping dig netstat";
        Job job = Jobs.runThrowaway(alice, ExecRequest.command(
                "for t in " + tools + "; do command -v $t >/dev/null || echo missing $t; done; "
                        + "python3 -c 'import numpy, pandas, matplotlib' || echo missing python modules"));
        assertEquals("completed", job.status(), job::toString);
        assertEquals("", job.result().stdout(), job::toString);
    }

    @Test
    void nodeIs20AndNpmAndBunWorkAsTheSandboxUser() {
        Job job = Jobs.runThrowaway(alice, ExecRequest.command(
                "node --version; npm --version; bun --version; "
                        + "cd \"$(mktemp -d)\" && npm init -y > /dev/null && node -p 'require(\"./package.json\").version'"));
        assertEquals("completed", job.status(), job::toString);
        assertEquals(0, job.result().exitCode(), job::toString);
        List<String> lines = job.result().stdout().lines().toList();
        assertEquals(4, lines.size(), job::toString);
        assertTrue(lines.get(0).startsWith("v20."), "node --version: " + lines.get(0));
        assertTrue(lines.get(1).matches("10\\.\\d+\\.\\d+"), "npm --version: " + lines.get(1));
        assertTrue(lines.get(2).matches("\\d+\\.\\d+\\.\\d+"), "bun --version: " + lines.get(2));
        assertEquals("1.0.0", lines.get(3), "npm init -y made a package.json");
    }
}
