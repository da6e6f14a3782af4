package dev.boxcar.it.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.Poll;
import dev.boxcar.it.support.Stack;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chaos run (issue #12): one batch of sandbox jobs over 20 sandboxes plus a trickle of single
 * submissions, while a worker, the broker, the database and the API are each killed (or stopped)
 * and brought back, one after the other, as the batch progresses. Every job leaves evidence in
 * its sandbox (a line with its marker), so a job that ran twice shows up however it was reported.
 * Targets: 0 lost, 0 duplicated, 0 error, no 5xx but 503. {@code ./boxcar test} runs the short
 * form ({@code boxcar.chaos.jobs} = 200); {@code ./boxcar chaos} the full one (1,000).
 */
class ChaosIT {
    private static final int SANDBOXES = 20;
    private static final int TRICKLE_SANDBOXES = 4;
    private final FailoverClient client = new FailoverClient(apis(), TestEnvironment.tokenA());
    private final String run = "chaos-" + TestEnvironment.RUN;

    private static List<String> apis() {
        List<String> apis = new ArrayList<>(List.of(TestEnvironment.apiUrl()));
        String second = System.getenv("BOXCAR_TEST_API_URL_2");
        if (second != null && !second.isBlank()) {
            apis.add(second);
        }
        return apis;
    }

    /** One fault: what breaks and how it comes back. */
    private record Fault(String name, Runnable inject, Runnable heal) {
    }

    private static List<Fault> faults() {
        return List.of(
                new Fault("worker-1 kill -9", () -> Stack.kill9("worker-1"), Stack::revive),
                new Fault("broker kill -9", () -> Stack.kill9("artemis"), Stack::revive),
                new Fault("database stop/start", Stack::stopDatabase, Stack::startDatabase),
                new Fault("api kill -9", () -> Stack.kill9("api"), () -> Stack.restart("api")));
    }

    @AfterEach
    void bringBackEverything() {
        try {
            Stack.startDatabase();
        } catch (IllegalStateException alreadyRunning) {
            // healed by the run itself
        }
        Stack.revive();
        if (!Stack.isAlive("api")) {
            Stack.restart("api");
        }
    }

    @Test
    void everyAcceptedJobEndsExactlyOnceThroughWorkerBrokerDatabaseAndApiFaults() throws Exception {
        int jobs = Integer.getInteger("boxcar.chaos.jobs", 200);
        // Long enough commands that the batch is still running when the last fault comes.
        double sleepSeconds = Math.max(0.2, 400.0 / jobs);
        Instant started = Instant.now();
        String batchId = submitBatch(jobs, sleepSeconds);

        Trickle trickle = new Trickle();
        trickle.start();
        List<Fault> faults = faults();
        for (int f = 0; f < faults.size(); f++) {
            Fault fault = faults.get(f);
            int doneBefore = jobs * (f + 1) / (faults.size() + 2);
            Poll.until(Duration.ofMinutes(5), doneBefore + " batch jobs to finish before " + fault.name(),
                    () -> finished(batchId) >= doneBefore);
            trickle.phase(fault.name());
            int attemptsBefore = trickle.attempts.get();
            fault.inject().run();
            // The fault lasts until the trickle has tried it a few times (about 2 s).
            Poll.until(Duration.ofSeconds(30), "the trickle to meet " + fault.name(),
                    () -> trickle.attempts.get() >= attemptsBefore + 4);
            fault.heal().run();
            Poll.until(Duration.ofMinutes(3), "the stack to be ready after " + fault.name(), this::ready);
            trickle.phase("calm");
        }
        Poll.until(Duration.ofMinutes(10), "the batch to finish", () -> finished(batchId) >= jobs);
        trickle.stop();

        Map<String, String> markers = new LinkedHashMap<>();
        Map<String, JsonObject> ended = new LinkedHashMap<>();
        int index = 0;
        for (JsonObject job : batchJobs(batchId)) {
            markers.put(job.getString("id"), "b" + index++);
            ended.put(job.getString("id"), job);
        }
        for (Map.Entry<String, String> single : trickle.accepted.entrySet()) {
            String id = single.getKey();
            Poll.until(Duration.ofMinutes(5), "single job " + id + " to finish", () -> isFinal(client.get("/api/v1/jobs/" + id)));
            markers.put(id, single.getValue());
            ended.put(id, client.get("/api/v1/jobs/" + id).json());
        }
        Report report = Report.of(jobs + trickle.accepted.size(), markers, ended, evidence(), trickle.answers);
        System.out.printf("chaos: %d batch jobs (sleep %.1f s each) over %d sandboxes + %d single submissions, "
                        + "faults: %s; %d s in all%n%s%n", jobs, sleepSeconds, SANDBOXES, trickle.accepted.size(),
                faults.stream().map(Fault::name).toList(), Duration.between(started, Instant.now()).toSeconds(), report);
        assertEquals(0, report.lost(), "lost jobs");
        assertEquals(0, report.duplicated(), "jobs that ran more than once");
        assertEquals(0, report.completedWithoutEvidence(), "jobs reported completed whose command left no evidence");
        assertEquals(Map.of(), report.errorsByCode(), "jobs that ended in error");
        assertEquals(0, report.unexpectedAnswers(), "answers other than 2xx/4xx/503 (or a refusal while an API was down)");
    }

    private String submitBatch(int jobs, double sleepSeconds) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (int i = 0; i < jobs; i++) {
            String marker = "b" + i;
            items.add(Json.createObjectBuilder()
                    .add("sandboxId", run + "-" + (i % SANDBOXES))
                    .add("command", command(marker, sleepSeconds))
                    .add("timeoutMs", 120_000));
        }
        String body = Json.createObjectBuilder().add("jobs", items).build().toString();
        String key = UUID.randomUUID().toString();
        FailoverClient.Answer[] submitted = new FailoverClient.Answer[1];
        Poll.until(Duration.ofSeconds(60), "the batch to be accepted",
                () -> (submitted[0] = client.post("/api/v1/batches", body, key)).status() == 202);
        return submitted[0].json().getString("id");
    }

    /** Leaves the job's marker in its sandbox, then prints it. */
    private static String command(String marker, double sleepSeconds) {
        return "echo " + marker + " >> /workspace/evidence; sleep " + sleepSeconds + "; echo " + marker;
    }

    private int finished(String batchId) {
        FailoverClient.Answer answer = client.get("/api/v1/batches/" + batchId);
        if (answer.status() != 200) {
            return -1;
        }
        JsonObject counts = answer.json().getJsonObject("counts");
        return answer.json().getInt("total") - counts.getInt("queued") - counts.getInt("running");
    }

    private boolean ready() {
        return apis().stream().anyMatch(api -> {
            try {
                var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(api + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }) && Stack.isAlive("api");
    }

    private static boolean isFinal(FailoverClient.Answer answer) {
        return answer.status() == 200 && List.of("completed", "timed_out", "cancelled", "error")
                .contains(answer.json().getString("status"));
    }

    /** The batch's jobs in submission order. */
    private List<JsonObject> batchJobs(String batchId) {
        List<JsonObject> jobs = new ArrayList<>();
        String cursor = null;
        do {
            FailoverClient.Answer page = client.get("/api/v1/batches/" + batchId + "/jobs?limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::body);
            for (JsonValue item : page.json().getJsonArray("items")) {
                jobs.add(item.asJsonObject());
            }
            cursor = page.json().isNull("nextCursor") ? null : page.json().getString("nextCursor");
        } while (cursor != null);
        return jobs;
    }

    /** Every marker line found in the run's sandboxes, counted. */
    private Map<String, Integer> evidence() {
        Map<String, Integer> lines = new TreeMap<>();
        List<String> sandboxes = new ArrayList<>();
        for (int i = 0; i < SANDBOXES; i++) {
            sandboxes.add(run + "-" + i);
        }
        for (int i = 0; i < TRICKLE_SANDBOXES; i++) {
            sandboxes.add(run + "-trickle-" + i);
        }
        String read = Json.createObjectBuilder().add("command", "cat /workspace/evidence 2>/dev/null || true").build().toString();
        for (String sandbox : sandboxes) {
            FailoverClient.Answer answer = client.post("/api/v1/sandboxes/" + sandbox + "/exec?wait=60", read, null);
            assertEquals(200, answer.status(), answer::body);
            for (String line : answer.json().getJsonObject("result").getString("stdout").split("\n")) {
                if (!line.isBlank()) {
                    lines.merge(line.trim(), 1, Integer::sum);
                }
            }
        }
        return lines;
    }

    /** Single submissions every 500 ms, each answer filed under the fault going on when it was asked. */
    private final class Trickle {
        final Map<String, String> accepted = new ConcurrentHashMap<>();
        final Map<String, Map<String, Integer>> answers = new ConcurrentHashMap<>();
        final AtomicInteger attempts = new AtomicInteger();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private volatile String phase = "calm";

        void start() {
            timer.scheduleWithFixedDelay(this::submitOne, 0, 500, TimeUnit.MILLISECONDS);
        }

        void phase(String name) {
            phase = name;
        }

        void stop() throws InterruptedException {
            timer.shutdown();
            assertTrue(timer.awaitTermination(30, TimeUnit.SECONDS), "the trickle did not stop");
        }

        private void submitOne() {
            int i = attempts.get();
            String asked = phase;
            String marker = "t" + i;
            String body = Json.createObjectBuilder().add("command", command(marker, 0.1)).build().toString();
            FailoverClient.Answer answer = client.post("/api/v1/sandboxes/" + run + "-trickle-" + (i % TRICKLE_SANDBOXES)
                    + "/exec", body, UUID.randomUUID().toString());
            answers.computeIfAbsent(asked, k -> new ConcurrentHashMap<>()).merge(answer.label(), 1, Integer::sum);
            if (answer.status() == 202) {
                accepted.put(answer.json().getString("id"), marker);
            }
            attempts.incrementAndGet();
        }
    }
}
