package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** What a {@code "user": "root"} sandbox can do (package managers work) and cannot (no dangerous capabilities). */
class RootSandboxIT {
    private final RawApi alice = RawApi.tenantA();

    /** Builds a tiny .deb inside the sandbox and installs it with dpkg (no network needed). */
    private static final String INSTALL_A_PACKAGE = String.join("\n",
            "set -e",
            "mkdir -p pkg/DEBIAN pkg/usr/local/bin",
            "printf 'Package: boxcar-hello\\nVersion: 1.0\\nArchitecture: all\\nMaintainer: t <t@t>\\nDescription: t\\n' > pkg/DEBIAN/control",
            "printf '#!/bin/sh\\necho hello from a package\\n' > pkg/usr/local/bin/boxcar-hello",
            "chmod 755 pkg/usr/local/bin/boxcar-hello",
            "dpkg-deb --build pkg boxcar-hello.deb > /dev/null",
            "dpkg -i boxcar-hello.deb > /dev/null",
            "boxcar-hello");

    @Test
    void aRootSandboxCanInstallPackages() {
        String id = TestEnvironment.sandboxId("root");
        assertEquals(201, alice.put("/api/v1/sandboxes/" + id, "{\"user\":\"root\"}").status());
        JsonObject whoami = Jobs.runInSandbox(alice, id, ExecRequest.command("id -u"));
        assertEquals("0\n", whoami.getJsonObject("result").getString("stdout"));
        JsonObject install = Jobs.runInSandbox(alice, id, ExecRequest.command(INSTALL_A_PACKAGE).cwd("/tmp/build"));
        assertEquals("hello from a package\n", install.getJsonObject("result").getString("stdout"), install::toString);
    }

    @Test
    void aRootSandboxHasNoDangerousCapabilities() {
        String id = TestEnvironment.sandboxId("root-limits");
        alice.put("/api/v1/sandboxes/" + id, "{\"user\":\"root\"}");
        JsonObject mount = Jobs.runInSandbox(alice, id, ExecRequest.command("mount -t tmpfs none /mnt"));
        assertNotEquals(0, mount.getJsonObject("result").getInt("exitCode"), "mount needs CAP_SYS_ADMIN");
        JsonObject caps = Jobs.runInSandbox(alice, id, ExecRequest.command("grep -E '^(CapEff|NoNewPrivs)' /proc/self/status"));
        String out = caps.getJsonObject("result").getString("stdout");
        assertTrue(out.contains("NoNewPrivs:\t1"), out);
        long effective = Long.parseLong(out.lines().filter(l -> l.startsWith("CapEff")).findFirst().orElseThrow()
                .split("\\s+")[1], 16);
        long sysAdmin = 1L << 21;
        long netAdmin = 1L << 12;
        long sysPtrace = 1L << 19;
        long sysModule = 1L << 16;
        assertEquals(0, effective & (sysAdmin | netAdmin | sysPtrace | sysModule), "CapEff " + Long.toHexString(effective));
        JsonObject processes = Jobs.runInSandbox(alice, id, ExecRequest.command("ls /proc | grep -c '^[0-9]'"));
        assertTrue(Integer.parseInt(processes.getJsonObject("result").getString("stdout").trim()) < 10,
                "only the sandbox's own processes are visible");
        JsonObject socket = Jobs.runInSandbox(alice, id, ExecRequest.command("test -e /var/run/docker.sock && echo yes || echo no"));
        assertEquals("no\n", socket.getJsonObject("result").getString("stdout"));
    }

    @Test
    void theUnprivilegedUserCannotInstallPackages() {
        JsonObject install = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("not-root"),
                ExecRequest.command(INSTALL_A_PACKAGE).cwd("/tmp/build"));
        assertNotEquals(0, install.getJsonObject("result").getInt("exitCode"), install::toString);
    }
}
