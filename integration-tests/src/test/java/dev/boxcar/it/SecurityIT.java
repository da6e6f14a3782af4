package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.Docker;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
