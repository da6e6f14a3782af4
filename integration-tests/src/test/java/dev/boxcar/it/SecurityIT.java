package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.Docker;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.ServerSentEvents;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sandbox boundary (README "Security model"), attacked as a hostile tenant would: through the
 * public API only, with the attacks of the security review. Each test fails when its attack works.
 */
class SecurityIT {
    private final RawApi alice = RawApi.tenantA();
    private final RawApi bob = RawApi.tenantB();

    private static String stdout(JsonObject job) {
        return job.getJsonObject("result").getString("stdout");
    }

    private String sandboxOf(String user, String purpose) {
        String id = TestEnvironment.sandboxId(purpose + "-" + user);
        assertEquals(201, alice.put("/api/v1/sandboxes/" + id, "{\"user\":\"" + user + "\"}").status());
        return id;
    }

    private static JsonObject containerOf(String tenant, String sandboxId) {
        List<String> ids = Docker.containersWithLabels("boxcar.tenant=" + tenant, "boxcar.sandbox=" + sandboxId);
        assertEquals(1, ids.size(), () -> "containers of " + tenant + "/" + sandboxId + ": " + ids);
        return Docker.inspect(ids.get(0));
    }

    /** P1: finding 1, the cross-tenant redirect: a link at the agent's socket path to another sandbox's agent. */
    @ParameterizedTest
    @ValueSource(strings = {"sandbox", "root"})
    void aSandboxCannotPointItsAgentSocketAtAnotherTenantsAgent(String user) {
        String victim = TestEnvironment.sandboxId("victim-" + user);
        String secret = "bob-secret-" + TestEnvironment.RUN;
        Jobs.runInSandbox(bob, victim, ExecRequest.command("echo " + secret + " > /workspace/secret"));
        String victimContainer = containerOf(TestEnvironment.TENANT_B, victim).getString("Name").substring(1);

        String attacker = sandboxOf(user, "redirect");
        JsonObject attack = Jobs.runInSandbox(alice, attacker, ExecRequest.command(String.join("; ",
                "ln -sf ../" + victimContainer + "/agent.sock /run/boxcar/agent.sock 2>/dev/null && echo LINKED",
                "rm -f /run/boxcar/agent.sock 2>/dev/null && echo REMOVED",
                "mv /run/boxcar /run/moved 2>/dev/null && echo MOVED",
                "chmod 777 /run/boxcar 2>/dev/null && echo CHMODDED",
                "ls /run/boxcar >/dev/null 2>&1 && echo LISTED",
                "echo done")));
        assertEquals("done\n", stdout(attack), "the agent's socket folder was changed from inside: " + attack);

        JsonObject after = Jobs.runInSandbox(alice, attacker, ExecRequest.command("cat /workspace/secret 2>&1; hostname"));
        String ownHost = containerOf(TestEnvironment.TENANT_A, attacker).getString("Id").substring(0, 12);
        assertFalse(stdout(after).contains(secret), "the attacker's job ran in the victim's container: " + after);
        assertTrue(stdout(after).endsWith(ownHost + "\n"), after::toString);
    }

    /** P2: finding 2 and 3, a process of the sandbox's own code impersonating or attacking the agent. */
    @ParameterizedTest
    @ValueSource(strings = {"sandbox", "root"})
    void sandboxCodeCannotImpersonateTraceOrReadItsAgent(String user) {
        String id = sandboxOf(user, "impersonate");
        String fake = "import socket,os\n"
                + "s=socket.socket(socket.AF_UNIX)\n"
                + "try:\n"
                + "    try: os.unlink('/run/boxcar/agent.sock')\n"
                + "    except OSError: pass\n"
                + "    s.bind('/run/boxcar/agent.sock'); s.listen(); print('BOUND', flush=True)\n"
                + "    while True:\n"
                + "        c,_=s.accept(); c.recv(1<<20)\n"
                + "        c.sendall(b'{\"ok\":true,\"exec\":{\"exitCode\":0,\"stdout\":\"' + b'QUFB'*400000 + b'\"}}\\n'); c.close()\n"
                + "except OSError as e:\n"
                + "    print('refused', e.errno, flush=True)\n";
        ApiResponse started = alice.post("/api/v1/sandboxes/" + id + "/processes",
                "{\"argv\":[\"python3\",\"-c\"," + jsonString(fake) + "],\"name\":\"fake-agent\"}");
        assertEquals(202, started.status(), started::toString);
        Poll.until(Duration.ofSeconds(30), "the fake agent to give up", () -> alice
                .get("/api/v1/sandboxes/" + id + "/processes/fake-agent/logs").json().getString("stdout").contains("refused"));

        JsonObject real = Jobs.runInSandbox(alice, id, ExecRequest.command("echo real"));
        assertEquals("real\n", stdout(real), real::toString);
        assertEquals("completed", real.getString("status"));

        String probes = String.join("\n",
                "agent=$(pgrep -o -x boxcar-agent)",
                "test -n \"$agent\" || echo NO-AGENT-SEEN",
                "kill -STOP $agent 2>/dev/null && echo SIGNALLED && kill -CONT $agent",
                "head -c 1 /proc/$agent/environ >/dev/null 2>&1 && echo READ-ENVIRON",
                "python3 -c \"import ctypes,sys; l=ctypes.CDLL(None); sys.exit(0 if l.ptrace(16,$agent,0,0)==0 else 1)\" && echo TRACED",
                "python3 -c \"import socket; s=socket.socket(socket.AF_UNIX); s.connect('/run/boxcar/agent.sock')\" 2>/dev/null && echo CONNECTED",
                "echo probed");
        JsonObject probe = Jobs.runInSandbox(alice, id, ExecRequest.command(probes));
        // Root code may signal its own agent (it only hurts its own sandbox); nothing else gets through.
        String out = "root".equals(user) ? stdout(probe).replace("SIGNALLED\n", "") : stdout(probe);
        assertEquals("probed\n", out, probe::toString);
    }

    /** P2/P4: user code runs under another uid than the agent, and container logs are bounded. */
    @Test
    void userCodeRunsAsTheSandboxUserAndTheAgentAsContainerRoot() {
        String id = sandboxOf("sandbox", "uids");
        JsonObject job = Jobs.runInSandbox(alice, id, ExecRequest.command(
                "id -u; ps -o user= -p $(pgrep -o -x boxcar-agent); echo x > /proc/1/fd/1 2>/dev/null && echo WROTE-PID1"));
        assertEquals("1000\nroot\n", stdout(job), job::toString);
        JsonObject throwaway = Jobs.runThrowaway(alice, ExecRequest.command("id -u; ps -o user= -p $(pgrep -o -x boxcar-agent)"));
        assertEquals("1000\nroot\n", stdout(throwaway), throwaway::toString);
        JsonObject log = containerOf(TestEnvironment.TENANT_A, id).getJsonObject("HostConfig").getJsonObject("LogConfig");
        assertTrue(log.getJsonObject("Config").containsKey("max-size"), "container logs are unbounded: " + log);
    }

    /** P4: finding 4, root sandboxes are root in their container only. */
    @Test
    void containerRootIsAnUnprivilegedHostUidAndTheSocketFolderIsNosuid() throws Exception {
        String id = sandboxOf("root", "userns");
        JsonObject job = Jobs.runInSandbox(alice, id, ExecRequest.command(String.join("; ",
                "read inside outside count < /proc/self/uid_map; echo $inside $outside",
                "grep ' /run/boxcar ' /proc/self/mountinfo | cut -d' ' -f6",
                "cp /bin/sh /workspace/rootsh && chmod 4755 /workspace/rootsh && echo setuid-made",
                "touch /run/boxcar/x 2>/dev/null && echo WROTE-SOCKET-FOLDER")));
        List<String> lines = stdout(job).lines().toList();
        String[] map = lines.get(0).split(" ");
        assertEquals("0", map[0]);
        int hostUid = Integer.parseInt(map[1]);
        assertNotEquals(0, hostUid, "container root is host root: " + job);
        assertTrue(Files.readAllLines(Path.of("/etc/passwd")).stream().noneMatch(l -> l.split(":")[2].equals(map[1])),
                "host uid " + hostUid + " belongs to a host account");
        assertTrue(lines.get(1).contains("nosuid") && lines.get(1).contains("nodev"), "mount options " + lines.get(1));
        assertEquals("setuid-made", lines.get(2));
        assertEquals(3, lines.size(), "the locked socket folder was written: " + job);

        // The setuid-root file the sandbox made is owned by an unprivileged uid on the host.
        String upper = containerOf(TestEnvironment.TENANT_A, id).getJsonObject("GraphDriver").getJsonObject("Data")
                .getString("UpperDir");
        Object owner = Files.getAttribute(Path.of(upper, "workspace", "rootsh"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
        assertEquals(hostUid, owner);
    }

    /**
     * P4: the sandbox user (container uid 1000) lands on an unprivileged host uid as well: not host
     * uid 1000 (often the host's first real user) and no account of the host. The mapping is read
     * from {@code /proc/self/uid_map} inside, as the sandbox user; a file the sandbox user writes is
     * owned by that host uid.
     */
    @Test
    void theSandboxUserIsNoAccountOfTheHost() throws Exception {
        String id = sandboxOf("sandbox", "userns-1000");
        JsonObject job = Jobs.runInSandbox(alice, id, ExecRequest.command(
                "id -u; cat /proc/self/uid_map; echo mine > /workspace/owned-by-1000"));
        List<String> lines = stdout(job).lines().toList();
        assertEquals("1000", lines.get(0), "commands run as the sandbox user: " + job);
        Long hostUid = null;
        for (String line : lines.subList(1, lines.size())) {
            String[] map = line.trim().split("\\s+");
            long inside = Long.parseLong(map[0]);
            long outside = Long.parseLong(map[1]);
            long count = Long.parseLong(map[2]);
            if (inside <= 1000 && 1000 < inside + count) {
                hostUid = outside + (1000 - inside);
            }
        }
        assertNotNull(hostUid, "container uid 1000 is not mapped: " + job);
        String uid = Long.toString(hostUid);
        assertNotEquals(1000L, hostUid, "the sandbox user is host uid 1000: " + job);
        assertNotEquals(0L, hostUid, "the sandbox user is host root: " + job);
        List<String> accounts = Files.readAllLines(Path.of("/etc/passwd")).stream()
                .map(l -> l.split(":"))
                .filter(f -> f.length > 2 && f[2].equals(uid))
                .map(f -> f[0])
                .toList();
        assertEquals(List.of(), accounts, "host uid " + uid + " of the sandbox user belongs to a host account");
        Process getent = new ProcessBuilder("getent", "passwd", uid).redirectErrorStream(true).start();
        String found = new String(getent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(getent.waitFor(10, TimeUnit.SECONDS), "getent passwd " + uid + " hung");
        assertNotEquals(0, getent.exitValue(), "getent passwd " + uid + " finds a host account: " + found);

        String upper = containerOf(TestEnvironment.TENANT_A, id).getJsonObject("GraphDriver").getJsonObject("Data")
                .getString("UpperDir");
        Object owner = Files.getAttribute(Path.of(upper, "workspace", "owned-by-1000"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
        assertEquals(hostUid.intValue(), owner, "owner on the host of a file the sandbox user wrote");
    }

    /**
     * P2 and "what is kept": Docker's default seccomp profile and no-new-privileges are on for the
     * sandbox user and in a root sandbox, and the agent binary cannot be replaced -- neither by
     * container root's own commands nor through the files API -- in the container or on the host.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sandbox", "root"})
    void seccompStaysOnAndTheAgentBinaryIsReadOnly(String user) throws Exception {
        String id = sandboxOf(user, "agent-ro");
        String agent = "/opt/boxcar/boxcar-agent";
        String hash = "sha256sum " + agent + " | cut -d' ' -f1";
        JsonObject attack = Jobs.runInSandbox(alice, id, ExecRequest.command(String.join("\n",
                "id -u",
                "grep '^Seccomp:' /proc/self/status | tr -d ' \\t'",
                "grep '^NoNewPrivs:' /proc/self/status | tr -d ' \\t'",
                hash,
                "cp /bin/true " + agent + " 2>/dev/null && echo COPIED",
                "truncate -s 0 " + agent + " 2>/dev/null && echo TRUNCATED",
                "chmod 4777 " + agent + " 2>/dev/null && echo CHMODDED",
                "mv " + agent + " /tmp/agent 2>/dev/null && echo MOVED",
                "umount " + agent + " 2>/dev/null && echo UNMOUNTED",
                "mount -o remount,rw " + agent + " 2>/dev/null && echo REMOUNTED",
                hash)));
        List<String> lines = stdout(attack).lines().toList();
        assertEquals(5, lines.size(), "an attack on the agent binary worked: " + attack);
        assertEquals("root".equals(user) ? "0" : "1000", lines.get(0), attack::toString);
        assertEquals("Seccomp:2", lines.get(1), "no seccomp filter on sandbox code: " + attack);
        assertEquals("NoNewPrivs:1", lines.get(2), attack::toString);
        String before = lines.get(3);
        assertTrue(before.matches("[0-9a-f]{64}"), attack::toString);
        assertEquals(before, lines.get(4), "the agent binary changed: " + attack);

        // The files API writes with the command user's identity: it must fail too, as the job's error.
        ApiResponse put = alice.putBytes("/api/v1/sandboxes/" + id + "/files?path=" + agent + "&wait=30",
                "#!/bin/sh\necho replaced\n".getBytes(StandardCharsets.UTF_8));
        if (put.status() == 200 || put.status() == 202) {
            JsonObject write = Jobs.awaitFinished(alice, put.json().getString("id"), Duration.ofSeconds(60));
            assertEquals("error", write.getString("status"), "the files API overwrote the agent: " + write);
            assertFalse(write.isNull("error"), write::toString);
        } else {
            assertTrue(put.status() >= 400 && put.status() < 500, put::toString);
        }
        // So must an exec's own files (written as the command user before the command starts).
        JsonObject withFile = Jobs.runInSandbox(alice, id, ExecRequest.command("echo ran").file(agent, "#!/bin/sh\n"));
        assertNotEquals("ran\n", stdout(withFile), "an exec's files overwrote the agent: " + withFile);
        assertNotEquals(0, withFile.getJsonObject("result").getInt("exitCode", -1), withFile::toString);
        JsonObject after = Jobs.runInSandbox(alice, id, ExecRequest.command(hash));
        assertEquals(before + "\n", stdout(after), "the agent binary changed after a files API write: " + after);

        // The container as the engine sees it: seccomp not turned off, the agent mounted read-only,
        // and the host's file unchanged.
        JsonObject container = containerOf(TestEnvironment.TENANT_A, id);
        JsonObject host = container.getJsonObject("HostConfig");
        assertFalse(host.getBoolean("Privileged", false), "privileged container");
        List<String> securityOpts = !(host.get("SecurityOpt") instanceof JsonArray) ? List.of()
                : host.getJsonArray("SecurityOpt").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        assertTrue(securityOpts.stream().noneMatch(o -> o.startsWith("seccomp") && o.contains("unconfined")),
                "seccomp turned off: " + securityOpts);
        assertTrue(securityOpts.contains("no-new-privileges"), securityOpts::toString);
        JsonObject mount = container.getJsonArray("Mounts").getValuesAs(JsonObject.class).stream()
                .filter(m -> agent.equals(m.getString("Destination", null)))
                .findFirst().orElseThrow(() -> new AssertionError("no mount at " + agent + ": " + container.get("Mounts")));
        assertFalse(mount.getBoolean("RW"), "the agent binary is mounted writable: " + mount);
        byte[] onHost = Files.readAllBytes(Path.of(mount.getString("Source")));
        assertEquals(before, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onHost)),
                "the container's agent binary is not the host's " + mount.getString("Source"));
    }

    /** P5: finding 5, leftovers that left the session, cleared the environment or dropped their tag. */
    @ParameterizedTest
    @ValueSource(strings = {"sandbox", "root"})
    void nothingAnExecJobStartedOutlivesIt(String user) {
        String id = sandboxOf(user, "leftovers");
        JsonObject first = Jobs.runInSandbox(alice, id, ExecRequest.command(String.join("\n",
                "setsid env -i /bin/sh -c 'exec sleep 301' </dev/null >/dev/null 2>&1 &",
                "(sh -c 'sleep 302 &' &)",
                "nohup sleep 303 >/dev/null 2>&1 &",
                "python3 -c 'import os,time; os.setgroups([]) if os.getuid()==0 else None; os.setsid(); time.sleep(304)'"
                        + " </dev/null >/dev/null 2>&1 &",
                "sleep 0.5; echo started")));
        assertEquals("started\n", stdout(first), first::toString);
        assertNoLeftovers(id);

        JsonObject timedOut = Jobs.runInSandbox(alice, id, ExecRequest.command(
                "setsid env -i /bin/sh -c 'exec sleep 305' </dev/null >/dev/null 2>&1 & sleep 100").timeoutMs(1000));
        assertEquals("timed_out", timedOut.getString("status"));
        assertNoLeftovers(id);
    }

    /** The leftovers of the cancelled job below, as {@code ps -wweo args} shows them once started. */
    private static final List<String> CANCELLED_JOB_PROCESSES =
            List.of("sleep 321", "python3 -c import time; time.sleep(322)", "sleep 323");

    /** A shell pipeline printing the lines of {@code ps} that are exactly one of these processes. */
    private static String psLinesOf(List<String> processes) {
        StringBuilder grep = new StringBuilder("ps -wweo args | grep -xF");
        processes.forEach(p -> grep.append(" -e '").append(p).append('\''));
        return grep.toString();
    }

    /**
     * P5: a running job cancelled through the API (DELETE /jobs/{id}) takes along what it started to
     * escape its process group: a {@code setsid} + {@code env -i} child and a double-forked
     * {@code setsid} Python. The job proves they run before it is cancelled (it prints how many of
     * them {@code ps} shows, read from its live output stream); the next job of the sandbox finds
     * none of them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sandbox", "root"})
    void nothingACancelledExecJobStartedOutlivesTheCancel(String user) {
        String id = sandboxOf(user, "cancel-leftovers");
        String count = psLinesOf(CANCELLED_JOB_PROCESSES.subList(0, 2)) + " | wc -l";
        String jobId = Jobs.submitToSandbox(alice, id, ExecRequest.command(String.join("\n",
                "setsid sh -c 'exec env -i sleep 321' &",
                "(setsid python3 -c 'import time; time.sleep(322)' &)",
                "i=0; while [ \"$(" + count + ")\" -ne 2 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done",
                "echo \"started $(" + count + ")\"",
                "sleep 323")).timeoutMs(60_000));

        StringBuilder live = new StringBuilder();
        try (Stream<String> lines = alice.streamLines("/api/v1/jobs/" + jobId + "/stream")) {
            ServerSentEvents events = ServerSentEvents.of(lines);
            while (live.indexOf("\n") < 0 && events.hasNext()) {
                ServerSentEvents.Event event = events.next();
                if (event.isEnd()) {
                    break;
                }
                if ("stdout".equals(event.name())) {
                    live.append(event.text());
                }
            }
        }
        assertEquals("started 2\n", live.toString(), "both leftovers run before the cancel (live output of " + jobId + ")");

        ApiResponse cancelled = alice.delete("/api/v1/jobs/" + jobId);
        assertEquals(202, cancelled.status(), cancelled::toString);
        assertEquals("cancelled", cancelled.json().getString("status"), cancelled::toString);

        // The killing may take a moment after the answer, so the check polls (10 s at most) -- inside
        // one job: after each exec the agent sweeps stray processes, so a second checking job would
        // find nothing even if the cancel itself had left the processes running.
        JsonObject check = Jobs.runInSandbox(alice, id, ExecRequest.command(String.join("\n",
                "i=0; while [ -n \"$(" + psLinesOf(CANCELLED_JOB_PROCESSES) + ")\" ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i+1)); done",
                psLinesOf(CANCELLED_JOB_PROCESSES),
                "echo checked")));
        assertEquals("checked\n", stdout(check), "processes of the cancelled job outlived it: " + check);
        assertEquals("cancelled", alice.get("/api/v1/jobs/" + jobId).json().getString("status"));
    }

    private void assertNoLeftovers(String id) {
        JsonObject ps = Jobs.runInSandbox(alice, id, ExecRequest.command(
                "ps -eo args | grep -c -e '^sleep 30' -e '^python3 -c import os' || true"));
        assertEquals("0\n", stdout(ps), "processes outlived their job: " + ps);
    }

    /** P5: each case of a test-suite job starts with no process of an earlier case alive. */
    @Test
    void aTestCaseCannotLeaveAnAnswererForTheNextOne() {
        String body = "{\"command\":\"sh run.sh\",\"files\":[{\"path\":\"run.sh\",\"content\":" + jsonString(String.join("\n",
                "if [ \"$(cat)\" = first ]; then",
                "  setsid sh -c 'while :; do echo leaked > /tmp/answer; sleep 0.05; done' </dev/null >/dev/null 2>&1 &",
                "  echo ok; exit 0",
                "fi",
                "rm -f /tmp/answer; sleep 0.5",
                "if [ -e /tmp/answer ]; then echo leaked; else echo ok; fi")) + "}],"
                + "\"tests\":[{\"name\":\"one\",\"stdin\":\"first\",\"expectedStdout\":\"ok\\n\"},"
                + "{\"name\":\"two\",\"stdin\":\"second\",\"expectedStdout\":\"ok\\n\"}]}";
        JsonObject job = Jobs.runThrowawayJson(alice, body);
        assertEquals("accepted", job.getString("verdict"), job::toString);
    }

    /** P6: finding 6, the limits' whole range works. */
    @Test
    void theSmallestPidsAndMemoryLimitsRunCommandsAndContainForkBombs() {
        String id = TestEnvironment.sandboxId("pids16");
        assertEquals(201, alice.put("/api/v1/sandboxes/" + id, "{\"pids\":16}").status());
        assertEquals("hi\n", stdout(Jobs.runInSandbox(alice, id, ExecRequest.command("echo hi"))));
        JsonObject forks = Jobs.runInSandbox(alice, id,
                ExecRequest.command("for i in $(seq 40); do sleep 5 & done; wait; echo all-forked").timeoutMs(15000));
        assertFalse(stdout(forks).contains("all-forked"), "40 processes fit under pids 16: " + forks);
        assertEquals("alive\n", stdout(Jobs.runInSandbox(alice, id, ExecRequest.command("echo alive"))));

        String small = TestEnvironment.sandboxId("mem64");
        assertEquals(201, alice.put("/api/v1/sandboxes/" + small, "{\"memoryMb\":64}").status());
        assertEquals("42\n", stdout(Jobs.runInSandbox(alice, small, ExecRequest.argv("python3", "-c", "print(6*7)"))));
    }

    private static String jsonString(String value) {
        return jakarta.json.Json.createValue(value).toString();
    }
}
