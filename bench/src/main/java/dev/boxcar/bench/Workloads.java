package dev.boxcar.bench;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Boxcar under load, through its HTTP API only. */
final class Workloads {
    private final Api api;
    private final CpuMeter cpu;

    Workloads(Api api, CpuMeter cpu) {
        this.api = api;
        this.cpu = cpu;
    }

    /** {@code cpuPerRequestMs}: CPU milliseconds per request of each part of the stack, over the whole phase. */
    record SubmissionRate(double perSecond, Latency.Summary latency, long failed, Map<String, Double> cpuPerRequestMs) {
    }

    /** {@code cpuPerJobMs}: CPU milliseconds per job of each part of the stack, from submission to the last result. */
    record Throughput(double jobsPerSecond, Latency.Summary serverLatency, long notCompleted,
                      Map<String, Double> cpuPerJobMs) {
    }

    /** {@code clients} clients POST {@code true} jobs back to back; the first {@code warmUpSeconds} are not measured. */
    SubmissionRate submissions(List<String> sandboxIds, int clients, int warmUpSeconds, int seconds) {
        return submissions(sandboxIds, clients, warmUpSeconds, seconds, Long.MAX_VALUE);
    }

    /**
     * The same, ending early once {@code maxRequests} were sent (warm-up included): the rate is then
     * taken over the measured time that passed.
     */
    SubmissionRate submissions(List<String> sandboxIds, int clients, int warmUpSeconds, int seconds, long maxRequests) {
        Latency latency = new Latency();
        LongAdder accepted = new LongAdder();
        LongAdder failed = new LongAdder();
        LongAdder sent = new LongAdder();
        Map<String, Long> cpuBefore = cpu.snapshot();
        long measureFrom = System.nanoTime() + Duration.ofSeconds(warmUpSeconds).toNanos();
        long measureUntil = measureFrom + Duration.ofSeconds(seconds).toNanos();
        LongAccumulator lastMeasuredEnd = new LongAccumulator(Math::max, measureFrom);
        Parallel.run(clients, client -> {
            int n = client;
            long now;
            while ((now = System.nanoTime()) < measureUntil && sent.sum() < maxRequests) {
                String sandbox = sandboxIds.get(n++ % sandboxIds.size());
                int status = api.post("/sandboxes/" + sandbox + "/exec", Sandboxes.TRUE_JOB).status();
                long end = System.nanoTime();
                sent.increment();
                if (now >= measureFrom && end <= measureUntil) {
                    latency.record(end - now);
                    lastMeasuredEnd.accumulate(end);
                    if (status == 202) {
                        accepted.increment();
                    } else {
                        failed.increment();
                    }
                }
            }
        });
        Map<String, Double> cpuPerRequest = CpuMeter.perUnit(cpuBefore, cpu.snapshot(), sent.sum());
        double measuredSeconds = sent.sum() >= maxRequests ? (lastMeasuredEnd.get() - measureFrom) / 1e9 : seconds;
        if (measuredSeconds <= 0) {
            throw new IllegalStateException(maxRequests + " requests were sent before the measured time began; shorten the warm-up");
        }
        return new SubmissionRate(accepted.sum() / measuredSeconds, latency.summary(), failed.sum(), cpuPerRequest);
    }

    /**
     * {@code jobs} {@code true} jobs spread over the sandboxes, submitted by {@code clients} clients
     * as fast as they can; the rate is measured by the server's own clock, from the first job's
     * creation to the last one's end. The client waits the way a batch client would: per sandbox,
     * for whatever is still unfinished (one long-poll at a time), not with one request per job.
     */
    Throughput throughput(List<String> sandboxIds, int jobs, int clients) {
        Instant phaseStart = Instant.now();
        Map<String, Long> cpuBefore = cpu.snapshot();
        AtomicInteger next = new AtomicInteger();
        Parallel.run(clients, client -> {
            int n;
            while ((n = next.getAndIncrement()) < jobs) {
                String sandbox = sandboxIds.get(n % sandboxIds.size());
                Api.expect(202, api.post("/sandboxes/" + sandbox + "/exec", Sandboxes.TRUE_JOB), "submit");
            }
        });
        Parallel.run(sandboxIds.size(), i -> awaitIdle(sandboxIds.get(i)));
        Map<String, Double> cpuPerJob = CpuMeter.perUnit(cpuBefore, cpu.snapshot(), jobs);
        ConcurrentLinkedQueue<JsonObject> finished = new ConcurrentLinkedQueue<>();
        Parallel.run(sandboxIds.size(), i -> {
            String sandbox = sandboxIds.get(i);
            jobsOf(sandbox).stream()
                    .filter(job -> !Instant.parse(job.getString("createdAt")).isBefore(phaseStart))
                    .forEach(finished::add);
        });
        Instant first = Instant.MAX;
        Instant last = Instant.MIN;
        Latency serverLatency = new Latency();
        long notCompleted = 0;
        for (JsonObject job : finished) {
            Instant created = Instant.parse(job.getString("createdAt"));
            Instant ended = Instant.parse(job.getString("finishedAt"));
            first = created.isBefore(first) ? created : first;
            last = ended.isAfter(last) ? ended : last;
            serverLatency.record(Duration.between(created, ended).toNanos());
            notCompleted += "completed".equals(job.getString("status")) ? 0 : 1;
        }
        if (finished.size() != jobs) {
            throw new IllegalStateException("expected " + jobs + " finished jobs, found " + finished.size());
        }
        double seconds = Math.max(0.001, Duration.between(first, last).toNanos() / 1e9);
        return new Throughput(jobs / seconds, serverLatency.summary(), notCompleted, cpuPerJob);
    }

    /** Long-polls the sandbox's unfinished jobs until there are none. */
    private void awaitIdle(String sandbox) {
        for (String status : List.of("queued", "running")) {
            JsonObject page;
            while (!(page = api.get("/jobs?sandboxId=" + sandbox + "&status=" + status + "&limit=1").json())
                    .getJsonArray("items").isEmpty()) {
                api.awaitJob(page.getJsonArray("items").getJsonObject(0).getString("id"));
            }
        }
    }

    /** Every job of the sandbox (all pages). */
    private List<JsonObject> jobsOf(String sandbox) {
        List<JsonObject> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = api.get("/jobs?sandboxId=" + sandbox + "&limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.getJsonArray("items").forEach(item -> all.add(item.asJsonObject()));
            cursor = page.isNull("nextCursor") ? null : page.getString("nextCursor");
        } while (cursor != null);
        return all.stream().filter(job -> !job.isNull("finishedAt")).toList();
    }

    /** One job at a time: the whole latency, and where it goes (from the job's own timestamps). */
    record LowLoad(Latency.Summary total, Latency.Summary accept, Latency.Summary dispatch, Latency.Summary command,
                   Latency.Summary aroundCommand, Latency.Summary answer) {
    }

    /** One job at a time, round robin over the sandboxes: submit, then long-poll the result. */
    LowLoad lowLoadLatency(List<String> sandboxIds, int runs) {
        Latency total = new Latency();
        Latency accept = new Latency();
        Latency dispatch = new Latency();
        Latency command = new Latency();
        Latency aroundCommand = new Latency();
        Latency answer = new Latency();
        for (int i = 0; i < runs + runs / 10; i++) {
            String path = "/sandboxes/" + sandboxIds.get(i % sandboxIds.size()) + "/exec";
            Instant submitted = Instant.now();
            long start = System.nanoTime();
            JsonObject job = JobRuns.submitAndAwait(api, path, Sandboxes.TRUE_JOB);
            long took = System.nanoTime() - start;
            Instant visible = Instant.now();
            if (i < runs / 10) {
                continue; // the first tenth warms up the client
            }
            total.record(took);
            Instant created = Instant.parse(job.getString("createdAt"));
            Instant started = Instant.parse(job.getString("startedAt"));
            Instant finished = Instant.parse(job.getString("finishedAt"));
            long commandNanos = job.getJsonObject("result").getJsonNumber("durationMs").longValue() * 1_000_000;
            accept.record(Duration.between(submitted, created).toNanos());
            dispatch.record(Duration.between(created, started).toNanos());
            command.record(commandNanos);
            aroundCommand.record(Math.max(0, Duration.between(started, finished).toNanos() - commandNanos));
            answer.record(Duration.between(finished, visible).toNanos());
        }
        return new LowLoad(total.summary(), accept.summary(), dispatch.summary(), command.summary(),
                aroundCommand.summary(), answer.summary());
    }

    /** The first job of sandboxes that do not exist yet; each is destroyed before the next. */
    Latency.Summary freshSandboxes(Sandboxes sandboxes, int count) {
        Latency latency = new Latency();
        for (int i = 0; i < count; i++) {
            String id = sandboxes.fresh("new", i);
            latency.time(() -> JobRuns.submitAndAwait(api, "/sandboxes/" + id + "/exec", Sandboxes.TRUE_JOB));
            String destroyJob = Api.expect(202, api.delete("/sandboxes/" + id), "destroy " + id).json().getString("id");
            api.awaitJob(destroyJob);
        }
        return latency.summary();
    }

    /** Throw-away jobs ({@code POST /exec}), one at a time. */
    Latency.Summary throwaways(int runs) {
        Latency latency = new Latency();
        for (int i = 0; i < runs; i++) {
            latency.time(() -> JobRuns.submitAndAwait(api, "/exec", Sandboxes.TRUE_JOB));
        }
        return latency.summary();
    }
}
