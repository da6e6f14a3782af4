package dev.boxcar.it.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * The fuzz suite (issue "Hostile clients"): QuickTheories generates requests across every endpoint
 * of API.md ({@link Requests}), {@code boxcar.fuzz.tries} of them per run (10,000 in ./boxcar
 * test), sent to loopback one at a time, for at most {@code boxcar.fuzz.minutes}. No answer may be
 * a 5xx, every 4xx must be problem+json, and the service must still run jobs afterwards. What the
 * fuzz got accepted is cancelled at the end. A failure is shrunk to a small request and printed
 * with the seed that reproduces it ({@code -Dboxcar.fuzz.seed=}).
 */
class FuzzIT {
    private static final int TRIES = Integer.getInteger("boxcar.fuzz.tries", 10_000);
    private static final int MINUTES = Integer.getInteger("boxcar.fuzz.minutes", 15);
    private static final RawHttp HTTP = new RawHttp(TestEnvironment.apiUrl());
    private static final List<String> SANDBOXES = List.of(TestEnvironment.sandboxId("fz-a"), TestEnvironment.sandboxId("fz-b"));
    private static final Map<String, List<String>> KNOWN = new ConcurrentHashMap<>();
    private static final Set<String> ACCEPTED_JOBS = ConcurrentHashMap.newKeySet();
    private static final Set<String> ACCEPTED_BATCHES = ConcurrentHashMap.newKeySet();
    private static final Map<Integer, AtomicInteger> STATUSES = new ConcurrentHashMap<>();

    @Test
    void noRequestGetsA5xxAndEvery4xxIsAProblem() {
        long started = System.nanoTime();
        QuickTheory theory = QuickTheory.qt().withExamples(TRIES).withShrinkCycles(200)
                .withTestingTime(MINUTES, TimeUnit.MINUTES);
        Long seed = Long.getLong("boxcar.fuzz.seed");
        if (seed != null) {
            theory = theory.withFixedSeed(seed);
        }
        try {
            theory.forAll(new Requests(TestEnvironment.tokenA(), TestEnvironment.tokenB(), SANDBOXES).any())
                    .checkAssert(FuzzIT::sendAndCheck);
        } finally {
            report(started);
            cleanUpAndCheckTheServiceStillRunsJobs();
        }
        int sent = STATUSES.values().stream().mapToInt(AtomicInteger::get).sum();
        // QuickTheories may count an example it could not use: a run is whole within 1 %.
        assertTrue(sent >= TRIES - TRIES / 100, "only " + sent + " of " + TRIES + " requests were sent within "
                + MINUTES + " min");
    }

    private static void sendAndCheck(FuzzRequest generated) {
        FuzzRequest request = withKnownIds(generated);
        RawHttp.Answer answer;
        try {
            answer = HTTP.send(request, 30_000);
        } catch (IOException e) {
            throw new AssertionError("no answer (" + e.getMessage() + ") for " + request, e);
        }
        STATUSES.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
        remember(answer);
        assertTrue(answer.status() < 500, () -> answer.status() + " " + answer.text() + "\nfor " + request);
        if (answer.status() >= 400 && !request.method().equals("HEAD")) {
            assertTrue(answer.contentType() != null && answer.contentType().startsWith("application/problem+json"),
                    () -> answer.status() + " answered as " + answer.contentType() + ": " + answer.text() + "\nfor " + request);
            JsonObject problem = Json.createReader(new ByteArrayInputStream(answer.body())).readObject();
            assertEquals(answer.status(), problem.getInt("status"), () -> answer.text() + "\nfor " + request);
        }
    }

    private static void report(long started) {
        int sent = STATUSES.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.printf("fuzz: %d requests in %.1f s, answers by status %s, 5xx: %d%n", sent,
                (System.nanoTime() - started) / 1e9, new TreeMap<>(Map.copyOf(STATUSES)),
                STATUSES.entrySet().stream().filter(e -> e.getKey() >= 500).mapToInt(e -> e.getValue().get()).sum());
    }

    private static void cleanUpAndCheckTheServiceStillRunsJobs() {
        RawApi alice = RawApi.tenantA();
        ACCEPTED_BATCHES.forEach(id -> alice.delete("/api/v1/batches/" + id));
        ACCEPTED_JOBS.forEach(id -> alice.delete("/api/v1/jobs/" + id));
        SANDBOXES.forEach(id -> alice.delete("/api/v1/sandboxes/" + id));
        JsonObject after = Jobs.runInSandbox(alice, TestEnvironment.sandboxId("fz-after"), ExecRequest.command("echo alive"));
        assertEquals("alive\n", after.getJsonObject("result").getString("stdout"), after::toString);
    }

    /** Fills the {job}/{proc}/{batch} slots with ids this run has seen (or unknown ones). */
    private static FuzzRequest withKnownIds(FuzzRequest request) {
        String target = new String(request.target(), StandardCharsets.UTF_8);
        for (String slot : List.of("job", "proc", "batch")) {
            while (target.contains("{" + slot + "}")) {
                List<String> ids = KNOWN.getOrDefault(slot, List.of());
                String id = ids.isEmpty() ? java.util.UUID.randomUUID().toString()
                        : ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                target = target.replaceFirst("\\{" + slot + "\\}", id);
            }
        }
        return new FuzzRequest(request.method(), target.getBytes(StandardCharsets.UTF_8), request.headers(), request.body());
    }

    /** Ids from successful answers, so later requests aim at real objects. */
    private static void remember(RawHttp.Answer answer) {
        if (answer.status() < 200 || answer.status() > 299 || answer.body().length == 0 || answer.body()[0] != '{') {
            return;
        }
        JsonObject json;
        try {
            json = Json.createReader(new ByteArrayInputStream(answer.body())).readObject();
        } catch (RuntimeException notAnObject) {
            return;
        }
        if (!json.containsKey("id") || json.get("id").getValueType() != JsonValue.ValueType.STRING) {
            return;
        }
        String id = json.getString("id");
        if (json.containsKey("jobIds")) {
            keep("batch", id);
            ACCEPTED_BATCHES.add(id);
        } else if (json.containsKey("pid")) {
            keep("proc", id);
        } else if (json.containsKey("type")) {
            keep("job", id);
            ACCEPTED_JOBS.add(id);
        }
    }

    private static void keep(String slot, String id) {
        List<String> ids = KNOWN.computeIfAbsent(slot, s -> java.util.Collections.synchronizedList(new ArrayList<>()));
        synchronized (ids) {
            if (!ids.contains(id)) {
                ids.add(id);
                if (ids.size() > 50) {
                    ids.remove(0);
                }
            }
        }
    }
}
