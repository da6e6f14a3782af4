package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.boxcar.client.BoxcarClient;
import dev.boxcar.client.BoxcarProblemException;
import dev.boxcar.client.model.Batch;
import dev.boxcar.client.model.BatchCreated;
import dev.boxcar.client.model.BatchRequest;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.client.model.JobResult;
import dev.boxcar.client.model.Page;
import dev.boxcar.client.model.TestCaseResult;
import dev.boxcar.it.support.ApiResponse;
import dev.boxcar.it.support.Clients;
import dev.boxcar.it.support.Docker;
import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.Programs;
import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class BatchIT {
    private final BoxcarClient alice = Clients.tenantA();
    /** For the tests that check the server's answer to exact bodies (statuses of invalid input). */
    private final RawApi raw = RawApi.tenantA();

    private static final List<String> STATUSES = List.of("queued", "running", "completed", "timed_out", "cancelled", "error");
    private static final List<String> VERDICTS = List.of("accepted", "wrong_answer", "time_limit_exceeded",
            "memory_limit_exceeded", "runtime_error", "output_limit_exceeded", "compilation_error", "internal_error");

    private Batch awaitDone(String batchId, Duration deadline) {
        Batch batch = alice.batches().await(batchId, deadline);
        assertTrue(batch.done(), () -> "batch " + batchId + " not done within " + deadline + ": " + batch);
        return batch;
    }

    @Test
    void aMixedBatchOfThrowawayAndSandboxJobsIsCountedAndListedInSubmissionOrder() {
        String sandbox = TestEnvironment.sandboxId("batch-sb");
        BatchCreated created = alice.batches().submit(List.of(
                Programs.python("print(1)", "", "1\n").build(),
                Programs.shell("echo 2", "", "3\n").sandboxId(sandbox).build(),
                ExecRequest.command("echo plain").sandboxId(sandbox).build()));
        assertEquals(3, created.total());
        List<String> jobIds = created.jobIds();

        Batch batch = awaitDone(created.id(), Duration.ofSeconds(120));
        STATUSES.forEach(s -> assertTrue(batch.counts().containsKey(s), s));
        VERDICTS.forEach(v -> assertTrue(batch.verdicts().containsKey(v), v));
        assertEquals(3, batch.count("completed"));
        assertEquals(1, batch.verdictCount("accepted"));
        assertEquals(1, batch.verdictCount("wrong_answer"));
        assertNotNull(batch.finishedAt());

        Page<Job> page1 = alice.batches().jobs(batch.id(), 2, null);
        Page<Job> page2 = alice.batches().jobs(batch.id(), 2, page1.nextCursor());
        List<String> listed = new ArrayList<>();
        page1.items().forEach(j -> listed.add(j.id()));
        page2.items().forEach(j -> listed.add(j.id()));
        assertEquals(jobIds, listed);
        assertEquals(batch.id(), page2.items().get(0).batchId());
        assertEquals(404, assertThrows(BoxcarProblemException.class,
                () -> Clients.tenantB().batches().get(batch.id())).status());
    }

    /**
     * API.md "Conventions", Idempotency-Key on POST /batches: the same key and body again answer the
     * original status and the same batch (id, total, job ids in order) and create no job; the same
     * key with another body is 422. Fifty tiny jobs in one sandbox (cheaper than fifty containers).
     */
    @Test
    void aBatchRepeatedWithItsIdempotencyKeyIsTheSameBatchAndADifferentBodyIs422() {
        String sandbox = TestEnvironment.sandboxId("batch-idem");
        String key = "batch-" + UUID.randomUUID();
        JsonArrayBuilder items = Json.createArrayBuilder();
        JsonArrayBuilder otherItems = Json.createArrayBuilder();
        for (int i = 0; i < 50; i++) {
            items.add(Json.createObjectBuilder().add("command", "echo " + i).add("sandboxId", sandbox));
            otherItems.add(Json.createObjectBuilder().add("command", "echo " + (i == 49 ? "other" : i)).add("sandboxId", sandbox));
        }
        String body = Json.createObjectBuilder().add("jobs", items).build().toString();
        String otherBody = Json.createObjectBuilder().add("jobs", otherItems).build().toString();

        ApiResponse first = raw.post("/api/v1/batches", body, key);
        assertEquals(202, first.status(), first::toString);
        JsonObject created = first.json();
        assertEquals(50, created.getInt("total"));
        assertEquals(50, created.getJsonArray("jobIds").size(), created::toString);

        ApiResponse again = raw.post("/api/v1/batches", body, key);
        assertEquals(first.status(), again.status(), again::toString);
        assertEquals(created, again.json(), "the replay answers the same batch, job ids in the same order");
        if (TestEnvironment.secondApiUrl() != null) {
            ApiResponse elsewhere = raw.at(TestEnvironment.secondApiUrl()).post("/api/v1/batches", body, key);
            assertEquals(first.status(), elsewhere.status(), elsewhere::toString);
            assertEquals(created, elsewhere.json(), "the other API server replays the same batch");
        }

        ApiResponse different = raw.post("/api/v1/batches", otherBody, key);
        assertEquals(422, different.status(), different::toString);
        assertTrue(different.contentType().startsWith("application/problem+json"), different.contentType());

        JsonObject jobs = raw.get("/api/v1/jobs?sandboxId=" + sandbox + "&limit=500").json();
        assertEquals(50, jobs.getJsonArray("items").size(), "the replays created jobs of their own");

        String batchId = created.getString("id");
        Poll.until(Duration.ofSeconds(120), "batch " + batchId + " to finish",
                () -> raw.get("/api/v1/batches/" + batchId + "?wait=20").status() == 200);
        JsonObject done = raw.get("/api/v1/batches/" + batchId).json();
        assertTrue(done.getBoolean("done"), done::toString);
        assertEquals(50, done.getJsonObject("counts").getInt("completed"), done::toString);
        assertEquals(50, done.getInt("total"), done::toString);
    }

    @Test
    void anInvalidItemRejectsTheWholeBatchNamingTheField() {
        String body = "{\"jobs\":[{\"command\":\"true\"},{\"command\":\"true\",\"timeoutMs\":0},{\"argv\":[]}]}";
        ApiResponse rejected = raw.post("/api/v1/batches", body);
        assertEquals(400, rejected.status(), rejected::toString);
        String errors = rejected.json().getJsonArray("errors").toString();
        assertTrue(errors.contains("\"jobs[1].timeoutMs\""), errors);
        assertTrue(errors.contains("\"jobs[2].argv\""), errors);
        assertEquals(400, raw.post("/api/v1/batches", "{\"jobs\":[]}").status());
        JsonArrayBuilder tooMany = Json.createArrayBuilder();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Json.createObjectBuilder().add("command", "true"));
        }
        assertEquals(400, raw.post("/api/v1/batches", Json.createObjectBuilder().add("jobs", tooMany).build().toString()).status());
        assertEquals(400, raw.post("/api/v1/batches",
                "{\"jobs\":[{\"command\":\"true\"}],\"callbackUrl\":\"http://example.org/hook\"}").status(),
                "a callback host outside the allow-list is refused");
    }

    @Test
    void cancellingABatchCancelsWhatHasNotFinishedAndLeavesNoContainers() {
        BatchCreated created = alice.batches().submit(
                Collections.nCopies(12, ExecRequest.command("sleep 30").timeoutMs(60000).build()));
        alice.batches().cancel(created.id());
        Batch done = awaitDone(created.id(), Duration.ofSeconds(60));
        assertEquals(12, done.count("cancelled"), done::toString);
        for (String jobId : created.jobIds()) {
            Poll.until(Duration.ofSeconds(30), "no container left for job " + jobId,
                    () -> Docker.containersWithLabels("boxcar.job=" + jobId).isEmpty());
        }
        Poll.until(Duration.ofSeconds(30), "only the pre-started pool left", Docker::onlyPooledThrowawaysLeft);
    }

    @Test
    void twoHundredMixedProgramsAllGetTheRightVerdict() {
        List<ExecRequest> jobs = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            switch (i % 8) {
                case 0 -> { jobs.add(Programs.python("print(int(input()) + 1)", n + "\n", (n + 1) + "\n").build()); expected.add("accepted"); }
                case 1 -> { jobs.add(Programs.python("print('nope')", "", "yes\n").build()); expected.add("wrong_answer"); }
                case 2 -> { jobs.add(Programs.node("console.log(" + n + " * 2)", "", (n * 2) + "\n").build()); expected.add("accepted"); }
                case 3 -> { jobs.add(Programs.shell("exit 3", "", "").build()); expected.add("runtime_error"); }
                case 4 -> { jobs.add(Programs.cSuite("#include <stdio.h>\nint main(){printf(\"%d\\n\", " + n + ");return 0;}", "", n + "\n").build()); expected.add("accepted"); }
                case 5 -> { jobs.add(Programs.cSuite("int main(){ return }", "", "").build()); expected.add("compilation_error"); }
                case 6 -> { jobs.add(Programs.shell("while :; do :; done", "", "").timeoutMs(500).build()); expected.add("time_limit_exceeded"); }
                default -> { jobs.add(Programs.shell("echo '  " + n + "  '", "", "  " + n + "\n").build()); expected.add("accepted"); }
            }
        }
        Instant started = Instant.now();
        BatchCreated created = alice.batches().submit(jobs);
        Batch done = awaitDone(created.id(), Duration.ofMinutes(10));
        Duration wall = Duration.between(started, Instant.now());

        List<String> actual = new ArrayList<>();
        long sumOfRunsMs = 0;
        for (Job job : alice.batches().jobs(created.id()).toList()) {
            actual.add(job.verdict() == null ? job.status() : job.verdict());
            sumOfRunsMs += runTimeMs(job.result());
        }
        assertEquals(expected, actual);
        assertEquals(200, done.count("completed") + done.count("timed_out"));
        System.out.printf("200-job batch: wall %d ms, sum of the jobs' run times %d ms%n", wall.toMillis(), sumOfRunsMs);
    }

    private static long runTimeMs(JobResult result) {
        if (result.build() == null) {
            return result.durationMs();
        }
        long total = result.build().durationMs();
        for (TestCaseResult test : result.tests()) {
            total += test.durationMs();
        }
        return total;
    }

    @Test
    void theCallbackIsSignedAndRetriedAfterAFailure() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", CALLBACK_PORT), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            bodies.add(new String(body, StandardCharsets.UTF_8));
            signatures.add(exchange.getRequestHeaders().getFirst("X-Boxcar-Signature"));
            int status = calls.incrementAndGet() == 1 ? 500 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            String batchId = alice.batches().submit(new BatchRequest(
                    List.of(Programs.python("print(7)", "", "7\n").build()), url), null).id();
            Poll.until(Duration.ofSeconds(60), "two callback deliveries", () -> calls.get() >= 2);
            Poll.until(Duration.ofSeconds(10), "the delivery to be recorded", () -> "delivered".equals(
                    alice.batches().get(batchId).callback().status()));

            String body = bodies.get(1);
            String[] parts = signatures.get(1).split(",");
            assertEquals(2, parts.length, signatures.get(1));
            long t = Long.parseLong(parts[0].substring("t=".length()));
            assertTrue(Math.abs(System.currentTimeMillis() / 1000 - t) < 300, "the timestamp is current: " + t);
            assertEquals("v1=" + hmac(alicesSecret(), t + "." + body), parts[1],
                    "signed over t.body with alice's own secret");
            String bobsSecret = hmac(System.getenv("BOXCAR_CALLBACK_SECRET"), "callback-secret:" + TestEnvironment.TENANT_B);
            assertTrue(!parts[1].equals("v1=" + hmac(bobsSecret, t + "." + body)), "another tenant's secret verifies it");
            JsonObject delivered = Json.createReader(new java.io.StringReader(body)).readObject();
            assertEquals(batchId, delivered.getString("id"));
            assertTrue(delivered.getBoolean("done"));
            assertEquals(1, delivered.getJsonObject("verdicts").getInt("accepted"));
            Batch.Callback callback = alice.batches().get(batchId).callback();
            assertEquals(2, callback.attempts());
            assertNull(callback.lastError(), "the delivery that succeeded clears the first attempt's error");
        } finally {
            receiver.stop(0);
        }
    }

    /** The port BOXCAR_CALLBACK_ALLOWED_HOSTS allows on loopback in ./boxcar test. */
    private static final int CALLBACK_PORT = 47913;

    private static String alicesSecret() {
        for (String entry : System.getenv("BOXCAR_CALLBACK_SECRETS").split(",")) {
            if (entry.startsWith(TestEnvironment.TENANT_A + ":")) {
                return entry.substring(TestEnvironment.TENANT_A.length() + 1);
            }
        }
        throw new IllegalStateException("BOXCAR_CALLBACK_SECRETS has no entry for " + TestEnvironment.TENANT_A);
    }

    private static String hmac(String key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The review's finding: a slow receiver stalled the thread that also sent the worker's
     * heartbeat, so other workers took it for lost. Deliveries now have a thread of their own.
     */
    @Test
    void aSlowCallbackReceiverDelaysNoHeartbeat() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", CALLBACK_PORT), 0);
        receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        receiver.createContext("/slow", exchange -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(12_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            for (int i = 0; i < 3; i++) {
                alice.batches().submit(new BatchRequest(List.of(ExecRequest.command("true").build()),
                        "http://127.0.0.1:" + CALLBACK_PORT + "/slow"), null);
            }
            Poll.until(Duration.ofSeconds(60), "a slow delivery to start", () -> calls.get() >= 1);
            List<String> live = dev.boxcar.it.support.Stack.liveWorkerIds();
            assertTrue(!live.isEmpty(), "no live worker");
            double stalest = 0;
            long end = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < end) {
                stalest = Math.max(stalest, dev.boxcar.it.support.Stack.stalestHeartbeatSeconds(live));
                Thread.sleep(500);
            }
            assertTrue(stalest < 6, "a worker's heartbeat was " + stalest + " s old while callbacks hung");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aCallbackToAPortTheAllowListDoesNotNameIs400() {
        for (String url : new String[] {"http://127.0.0.1:5432/x", "http://127.0.0.1:61616/x", "http://127.0.0.1/x"}) {
            ApiResponse refused = raw.post("/api/v1/batches", Json.createObjectBuilder()
                    .add("jobs", Json.createArrayBuilder().add(Json.createObjectBuilder().add("command", "true")))
                    .add("callbackUrl", url).build().toString());
            assertEquals(400, refused.status(), url + " answered " + refused);
        }
    }
}
