package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Docker;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.TestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The proof README "Reusing throw-away containers" asks for before a throw-away container may
 * serve a second job ({@code "reuseContainer": true}, a Boxcar extension): job A leaves behind what
 * it can (files in every place the sandbox user can write, a changed dot file and folder mode,
 * unreadable folders, a double-forked process, a listening socket, System V and POSIX IPC objects, a
 * high memory peak), and a later job B of the same tenant finds none of it, whether A ended
 * normally, by its timeout or by its output cap. B proves it ran in A's container by its hostname
 * (the container's id); jobs of another tenant, jobs that did not ask, and jobs after a reset that
 * found something left never get A's container.
 */
class ThrowawayReuseIT {
    /** The places the sandbox user can write in the default image (find / -xdev -writable), and the IPC mounts. */
    private static final String PLACES = "/workspace /home/sandbox /tmp /var/tmp /run/lock /dev/shm";

    /** The places the sandbox user does not own (root's, open to all) and cannot set the times of. */
    private static final String SHARED = "/tmp /var/tmp /run/lock /dev/shm /dev/mqueue";

    /**
     * Job A's mess, in every place, and a report of the parts that could fail silently (flags,
     * attributes, times); then what it was given to end with. A first marks the shared folders'
     * times by a file made and removed, two seconds at least before the reset can run.
     */
    private static final String LEAVE_EVERYTHING = String.join("\n",
            "for d in " + SHARED + "; do touch $d/mark && rm $d/mark; done",
            "sleep 2.2",
            "for d in " + PLACES + "; do echo secret > $d/leak-file; mkdir -p $d/leak-dir/deep;"
                    + " echo x > $d/leak-dir/deep/f; chmod 000 $d/leak-dir; done",
            "echo 'export LEAK=1' >> /home/sandbox/.profile",
            "chmod 700 /workspace",
            "touch -d 2001-01-01 /workspace /home/sandbox",
            "python3 -c \"import os; [os.setxattr(d, 'user.leak', b'1') for d in ('/workspace', '/home/sandbox')]\"",
            "chattr +S /workspace /home/sandbox",
            "echo planted $(lsattr -d /workspace | cut -c1-22) $(stat -c %Y /workspace)"
                    + " $(python3 -c \"import os; print(os.listxattr('/workspace'))\")",
            "mkfifo /tmp/leak-fifo",
            "python3 -c \"import socket; socket.socket(socket.AF_UNIX).bind('/tmp/leak-socket')\"",
            "ipcmk -M 4096 >/dev/null && ipcmk -S 1 >/dev/null && ipcmk -Q >/dev/null",
            "python3 -c \"import ctypes; print('mq', ctypes.CDLL('librt.so.1').mq_open(b'/leak-queue', 0o102, 0o600, None))\"",
            "setsid sh -c 'sleep 1000 &'",
            "nohup python3 -c 'import socket,time; s=socket.socket(); s.bind((\"127.0.0.1\", 7777)); s.listen();"
                    + " time.sleep(1000)' >/dev/null 2>&1 &",
            // Keyrings: Docker's seccomp profile refuses add_key (x86-64 system call 248) with EPERM.
            "python3 -c \"import ctypes; l=ctypes.CDLL(None, use_errno=True);"
                    + " print('add_key', l.syscall(248, b'user', b'leak', b'v', 1, -3), ctypes.get_errno())\"",
            "python3 -c \"b = bytearray(200 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); print('peak')\"",
            "echo host=$(cat /etc/hostname)");

    /**
     * What job B sees: everything in the writable places, IPC objects, sockets and processes; then
     * the places' modification times (lines "mtime", which differ from container to container).
     */
    private static final String LOOK_AROUND = String.join("\n",
            "echo host=$(cat /etc/hostname)",
            "find " + PLACES + " /dev/mqueue -mindepth 1 2>&1 | sort",
            "stat -c '%n %a %U' " + PLACES,
            "lsattr -d " + PLACES + " 2>&1",
            "python3 -c \"import os; print([os.listxattr(d) for d in '" + PLACES + "'.split()])\"",
            "md5sum /home/sandbox/.profile",
            "echo ipc=$(tail -q -n +2 /proc/sysvipc/shm /proc/sysvipc/sem /proc/sysvipc/msg | wc -l)",
            "echo sockets=$(tail -q -n +2 /proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6 | wc -l)",
            "echo env=$LEAK",
            "ps -eo comm= | grep -E 'sleep|python' || echo no-leftover-process",
            "stat -c 'mtime %n %Y' " + PLACES + " /dev/mqueue");

    private final BoxcarClient alice = Clients.tenantA();
    private final BoxcarClient bob = Clients.tenantB();

    @Test
    void aJobThatEndedNormallyLeavesTheNextOneNothing() {
        Job a = leave(ExecRequest.command(LEAVE_EVERYTHING));
        assertEquals("completed", a.status(), a::toString);
        assertTrue(a.result().stdout().matches("(?s).*\\bmq [0-9]+\n.*"), "a POSIX queue was made: " + a);
        assertTrue(a.result().stdout().contains("add_key -1 1"), "seccomp refuses add_key: " + a.result().stdout());
        assertTrue(a.result().peakMemoryBytes() >= 200L * 1024 * 1024, a::toString);
        String planted = a.result().stdout().lines().filter(l -> l.startsWith("planted ")).findFirst().orElseThrow();
        assertTrue(planted.matches("planted \\S*S\\S* 978307200 \\['user.leak'\\]"),
                "A's flag, time and attribute on /workspace took: " + planted);
        proveTheNextJobSeesNothing(a);
    }

    @Test
    void aJobKilledByItsTimeoutLeavesTheNextOneNothing() {
        Job a = leave(ExecRequest.command(LEAVE_EVERYTHING + "\nsleep 100").timeoutMs(8_000));
        assertEquals("timed_out", a.status(), a::toString);
        proveTheNextJobSeesNothing(a);
    }

    @Test
    void aJobKilledByItsOutputCapLeavesTheNextOneNothing() {
        Job a = leave(ExecRequest.command(LEAVE_EVERYTHING + "\nyes leak"));
        assertTrue(a.result().stdoutTruncated(), a::toString);
        proveTheNextJobSeesNothing(a);
    }

    @Test
    void theJobsOfABatchShareContainersAndSeeOnlyTheirOwnFiles() {
        List<ExecRequest> jobs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            jobs.add(ExecRequest.command("echo host=$(cat /etc/hostname); ls -A /workspace /tmp")
                    .file("job-" + i + ".txt", "mine").reuseContainer(true).build());
        }
        String batchId = alice.batches().submit(jobs).id();
        assertTrue(alice.batches().await(batchId, Duration.ofSeconds(120)).done());
        List<Job> ran = alice.batches().jobs(batchId).toList();
        assertEquals(24, ran.size());
        java.util.Set<String> hosts = new java.util.HashSet<>();
        for (int i = 0; i < ran.size(); i++) {
            Job job = ran.get(i);
            assertEquals("completed", job.status(), job::toString);
            assertEquals("/tmp:\n\n/workspace:\njob-" + i + ".txt\n", withoutHost(job), "job " + i + " sees only its file");
            hosts.add(hostOf(job));
        }
        assertTrue(hosts.size() < 24, "no container served two jobs of the batch: " + hosts);
    }

    @Test
    void aBatchsContainersServeNeitherAnotherBatchNorAJobOnItsOwn() {
        java.util.Set<String> first = hostsOfABatch(8);
        java.util.Set<String> second = hostsOfABatch(8);
        assertTrue(java.util.Collections.disjoint(first, second), "two batches shared " + first + " / " + second);
        for (int i = 0; i < 4; i++) {
            Job alone = Jobs.runThrowaway(alice, ExecRequest.command("echo host=$(cat /etc/hostname)").reuseContainer(true));
            assertFalse(first.contains(hostOf(alone)), "a job on its own got a batch's container");
        }
        // The control: the first batch's containers were there, idle, all along.
        List<String> alive = Docker.containersWithLabels("boxcar.kind=throwaway");
        assertTrue(first.stream().anyMatch(host -> alive.stream().anyMatch(host::startsWith)),
                "none of the first batch's containers is still waiting: " + first);
    }

    private java.util.Set<String> hostsOfABatch(int size) {
        List<ExecRequest> jobs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            jobs.add(ExecRequest.command("echo host=$(cat /etc/hostname)").reuseContainer(true).build());
        }
        String batchId = alice.batches().submit(jobs).id();
        assertTrue(alice.batches().await(batchId, Duration.ofSeconds(120)).done());
        return alice.batches().jobs(batchId).map(ThrowawayReuseIT::hostOf).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void anotherTenantOrAJobThatDidNotAskNeverGetsTheContainer() {
        Job a = leave(ExecRequest.command("echo host=$(cat /etc/hostname)"));
        String host = hostOf(a);
        for (int i = 0; i < 4; i++) {
            Job other = Jobs.runThrowaway(bob, ExecRequest.command("echo host=$(cat /etc/hostname)").reuseContainer(true));
            assertNotEquals(host, hostOf(other), "another tenant got the container");
            Job fresh = Jobs.runThrowaway(alice, ExecRequest.command("echo host=$(cat /etc/hostname)"));
            assertNotEquals(host, hostOf(fresh), "a job that did not ask for reuse got a used container");
        }
        // The control: A's container was there all along, for alice's next job that asks.
        assertSomeJobRunsIn(host);
    }

    /** Runs alice's reuse jobs until one runs in {@code host} (the test stack has two workers). */
    private void assertSomeJobRunsIn(String host) {
        List<String> hosts = new ArrayList<>();
        for (int attempt = 0; attempt < 10; attempt++) {
            Job next = Jobs.runThrowaway(alice, ExecRequest.command("echo host=$(cat /etc/hostname)").reuseContainer(true));
            if (host.equals(hostOf(next))) {
                return;
            }
            hosts.add(hostOf(next));
        }
        fail("no job ran in " + host + ", only in " + hosts);
    }

    @Test
    void aContainerWhoseResetFindsSomethingLeftIsNotReused() {
        // A TCP connection closed first by its server side stays in TIME_WAIT for a minute after
        // every process is gone: the reset finds the socket, and the container is removed.
        Job a = leave(ExecRequest.command(String.join("\n",
                "python3 -c 'import socket; s=socket.socket(); s.bind((\"127.0.0.1\", 7778)); s.listen();"
                        + " c=socket.create_connection((\"127.0.0.1\", 7778)); p,_=s.accept(); p.close(); c.recv(1); c.close()'",
                "grep -c ' 06 ' /proc/net/tcp",
                "echo host=$(cat /etc/hostname)")));
        assertEquals("completed", a.status(), a::toString);
        assertTrue(a.result().stdout().startsWith("1\n"), "one connection in TIME_WAIT: " + a.result().stdout());
        String host = hostOf(a);
        Poll.until(Duration.ofSeconds(15), "A's container to be removed",
                () -> Docker.containersWithLabels("boxcar.kind=throwaway").stream().noneMatch(host::startsWith));
        for (int i = 0; i < 4; i++) {
            Job next = Jobs.runThrowaway(alice, ExecRequest.command("echo host=$(cat /etc/hostname)").reuseContainer(true));
            assertNotEquals(host, hostOf(next), "a container with a socket left was reused");
        }
    }

    @Test
    void reuseContainerIsAThrowAwayFieldAndABoolean() {
        RawApi raw = RawApi.tenantA();
        raw.post("/api/v1/exec", "{\"command\":\"true\",\"reuseContainer\":\"yes\"}").assertRejectsField("reuseContainer");
        raw.post("/api/v1/sandboxes/" + TestEnvironment.sandboxId("reuse") + "/exec",
                "{\"command\":\"true\",\"reuseContainer\":true}").assertRejectsField("reuseContainer");
        raw.post("/api/v1/batches", "{\"jobs\":[{\"command\":\"true\",\"reuseContainer\":1}]}").assertRejectsField("jobs[0].reuseContainer");
    }


    /** Reset containers wait BOXCAR_THROWAWAY_IDLE_SECONDS for a next job: the other tests count leftovers. */
    @AfterAll
    static void idleContainersExpire() {
        Poll.until(Duration.ofSeconds(60), "the idle throw-away containers to be removed", Docker::onlyPooledThrowawaysLeft);
    }

    private Job leave(ExecRequest.Builder request) {
        return Jobs.runThrowaway(alice, request.reuseContainer(true));
    }

    /**
     * Runs B (same tenant, reuse allowed) until one runs in A's container: the two workers of the
     * test stack each keep their own, so B may first land on the other one. Every B must look
     * exactly like a job in a container that never ran anything (apart from its hostname).
     */
    private void proveTheNextJobSeesNothing(Job a) {
        String host = hostOf(a);
        String pristine = withoutHostAndTimes(Jobs.runThrowaway(alice, ExecRequest.command(LOOK_AROUND)));
        assertTrue(pristine.contains("no-leftover-process") && pristine.contains("ipc=0") && pristine.contains("sockets=0"),
                pristine);
        List<String> hosts = new ArrayList<>();
        for (int attempt = 0; attempt < 10; attempt++) {
            Job b = Jobs.runThrowaway(alice, ExecRequest.command(LOOK_AROUND).reuseContainer(true));
            assertEquals("completed", b.status(), b::toString);
            assertFalse(b.result().stdout().contains("leak"), b.result().stdout());
            assertEquals(pristine, withoutHostAndTimes(b), "what B sees differs from a fresh container");
            assertTrue(b.result().peakMemoryBytes() < 100L * 1024 * 1024, "B reports A's memory peak: " + b);
            hosts.add(hostOf(b));
            if (host.equals(hostOf(b))) {
                assertNoTimeOfA(a, b);
                return;
            }
        }
        fail("no job ran in A's container (" + host + "), only in " + hosts);
    }

    /**
     * The folders B shares with A show no time A chose: the sandbox user's own are back to what they
     * were before A (A set 2001), the shared ones carry the reset's time, after A finished.
     */
    private static void assertNoTimeOfA(Job a, Job b) {
        long aFinished = a.finishedAt().getEpochSecond();
        for (String line : b.result().stdout().split("\n")) {
            if (line.startsWith("mtime ")) {
                String[] parts = line.split(" ");
                long mtime = Long.parseLong(parts[2]);
                boolean shared = List.of(SHARED.split(" ")).contains(parts[1]);
                // A's marks are two seconds older than its end; the reset's time is not (whole seconds).
                assertTrue(shared ? mtime >= aFinished - 1 : mtime > 1_000_000_000L && mtime < aFinished,
                        parts[1] + " has modification time " + mtime + " (A finished at " + aFinished + ")");
            }
        }
    }

    private static String withoutHostAndTimes(Job job) {
        return withoutHost(job).replaceAll("(?m)^mtime .*\n", "");
    }

    private static String hostOf(Job job) {
        for (String line : job.result().stdout().split("\n")) {
            if (line.startsWith("host=")) {
                return line.substring(5);
            }
        }
        return fail("no host line in " + job);
    }

    private static String withoutHost(Job job) {
        return job.result().stdout().replaceFirst("host=[^\n]*\n", "");
    }
}
