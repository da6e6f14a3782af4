package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.client.model.SandboxSpec;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Docker;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.Stack;
import dev.boxcar.it.support.TestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API.md "Hosts" on one machine: a second Docker host (its own dockerd and a worker driving it,
 * {@code ./boxcar host up 2}) beside host-1. Sandboxes spread over both, every job of a sandbox
 * runs on its host's engine, throw-away jobs use both, and losing a host ends only its sandboxes'
 * work, as {@code host_lost}.
 */
class MultiHostIT {
    private static final String HOST_1 = "host-1";
    private static final String HOST_2 = "host-2";
    private final BoxcarClient alice = Clients.tenantA();
    private final RawApi raw = RawApi.tenantA();
    private final List<String> made = new ArrayList<>();

    @BeforeAll
    static void startSecondHost() {
        Stack.hostUp(2);
    }

    @AfterAll
    static void stopSecondHost() {
        Stack.hostDown(2);
    }

    private static String engineOf(String host) {
        return HOST_2.equals(host) ? Stack.hostSocket(2) : null;
    }

    private String hostOf(String sandbox) {
        return raw.get("/api/v1/sandboxes/" + sandbox).json().getString("host", null);
    }

    /** Creates sandboxes until each host has {@code each} of them; returns them by host. */
    private Map<String, List<String>> sandboxesOnBothHosts(String purpose, int each) {
        Map<String, List<String>> byHost = new HashMap<>();
        for (int i = 0; i < 300 && (byHost.getOrDefault(HOST_1, List.of()).size() < each
                || byHost.getOrDefault(HOST_2, List.of()).size() < each); i++) {
            String sandbox = TestEnvironment.sandboxId(purpose + "-" + i);
            // The most memory API.md allows: placement goes by reserved memory, so a few of these
            // outweigh whatever the tests before this one left running on host-1.
            alice.sandboxes().create(sandbox, SandboxSpec.builder().memoryMb(16384).build());
            made.add(sandbox);
            byHost.computeIfAbsent(hostOf(sandbox), h -> new ArrayList<>()).add(sandbox);
        }
        assertTrue(byHost.getOrDefault(HOST_1, List.of()).size() >= each
                && byHost.getOrDefault(HOST_2, List.of()).size() >= each, "placement used both hosts: " + byHost.keySet());
        return byHost;
    }

    private Job run(String sandbox, String command) {
        return alice.sandboxes().execAndWait(sandbox, ExecRequest.command(command).timeoutMs(60_000).build(),
                Duration.ofSeconds(120));
    }

    /** Destroyed while both hosts run (a destroy job runs on its sandbox's host): host 2 is revived first. */
    @org.junit.jupiter.api.AfterEach
    void destroyWhatWasMade() {
        Stack.hostUp(2);
        made.forEach(sandbox -> raw.delete("/api/v1/sandboxes/" + sandbox));
        Poll.until(Duration.ofSeconds(180), "the test's sandboxes to be destroyed",
                () -> made.stream().allMatch(sandbox -> "destroyed".equals(alice.sandboxes().get(sandbox).status())));
        made.clear();
    }

    @Test
    void sandboxesSpreadOverBothHostsAndEachSandboxsJobsRunOnlyOnItsHostsEngine() {
        Map<String, List<String>> byHost = sandboxesOnBothHosts("mh-spread", 2);
        for (String host : List.of(HOST_1, HOST_2)) {
            for (String sandbox : byHost.get(host).subList(0, 2)) {
                for (int i = 0; i < 3; i++) {
                    Job job = run(sandbox, "echo run " + i + " >> runs.txt; cat runs.txt | wc -l");
                    assertEquals("completed", job.status());
                    assertEquals(String.valueOf(i + 1), job.result().stdout().trim(), "the same /workspace every time");
                }
                String label = "boxcar.sandbox=" + sandbox;
                String other = HOST_1.equals(host) ? HOST_2 : HOST_1;
                assertEquals(1, Docker.containersWithLabelsOn(engineOf(host), label).size(),
                        sandbox + " has its one container on " + host + "'s engine");
                assertEquals(0, Docker.containersWithLabelsOn(engineOf(other), label).size(),
                        sandbox + " has nothing on " + other + "'s engine");
                assertEquals(host, hostOf(sandbox), "a sandbox stays on its host");
            }
        }
    }

    @Test
    void throwAwayJobsUseBothEngines() {
        long since = System.currentTimeMillis() / 1000 - 1;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            ids.add(alice.jobs().exec(ExecRequest.command("echo " + i).build()).id());
        }
        for (String id : ids) {
            assertEquals("completed", alice.jobs().await(id, Duration.ofSeconds(120)).status());
        }
        Poll.until(Duration.ofSeconds(30), "throw-away containers to be destroyed on both engines",
                () -> Docker.destroyedSince(null, since, "boxcar.kind=throwaway") > 0
                        && Docker.destroyedSince(Stack.hostSocket(2), since, "boxcar.kind=throwaway") > 0);
    }

    @Test
    void losingAHostEndsOnlyItsSandboxesWorkAsHostLostAndItsSandboxesMoveOrComeBack() {
        Map<String, List<String>> byHost = sandboxesOnBothHosts("mh-loss", 2);
        String onOne = byHost.get(HOST_1).get(0);
        String moved = byHost.get(HOST_2).get(0);
        String reclaimed = byHost.get(HOST_2).get(1);
        for (String sandbox : List.of(onOne, moved, reclaimed)) {
            assertEquals("completed", run(sandbox, "echo kept > note.txt").status());
        }
        Job longOnTwo = alice.sandboxes().exec(moved, ExecRequest.command("sleep 300").timeoutMs(600_000).build());
        Job queuedOnTwo = alice.sandboxes().exec(moved, ExecRequest.command("echo never").build());
        Poll.until(Duration.ofSeconds(60), "the long job to run",
                () -> "running".equals(alice.jobs().get(longOnTwo.id()).status()));

        Stack.kill9("hostworker-2");
        Job onHostOne = run(onOne, "cat note.txt");
        assertEquals("kept\n", onHostOne.result().stdout(), "host-1's sandboxes keep working meanwhile");
        Poll.until(Duration.ofSeconds(120), moved + " to be lost",
                () -> "lost".equals(alice.sandboxes().get(moved).status()));
        for (String id : List.of(longOnTwo.id(), queuedOnTwo.id())) {
            Job ended = alice.jobs().get(id);
            assertEquals("error", ended.status(), id);
            assertEquals("host_lost", ended.error().code(), id);
            assertTrue(ended.error().message().contains("files are gone"), ended.error().message());
        }
        assertEquals("lost", alice.sandboxes().get(reclaimed).status());
        assertEquals("running", alice.sandboxes().get(onOne).status(), "host-1's sandboxes are not touched");

        Job recreated = run(moved, "ls /workspace | wc -l");
        assertEquals("completed", recreated.status());
        assertEquals("0", recreated.result().stdout().trim(), "recreated empty");
        assertEquals(HOST_1, hostOf(moved), "recreated on the live host");

        Stack.hostUp(2);
        Poll.until(Duration.ofSeconds(60), "host-2 to take back " + reclaimed,
                () -> "stopped".equals(alice.sandboxes().get(reclaimed).status())
                        || "running".equals(alice.sandboxes().get(reclaimed).status()));
        Job back = run(reclaimed, "cat note.txt");
        assertEquals("completed", back.status());
        assertEquals("kept\n", back.result().stdout(), "a host that came back has its files");
        assertEquals(HOST_2, hostOf(reclaimed));
    }
}
