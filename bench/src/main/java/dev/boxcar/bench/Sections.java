package dev.boxcar.bench;

import dev.boxcar.client.BoxcarClient;
import java.util.List;

/** The sections of the table (numbered as in issue #6), each measured and reported. */
final class Sections {
    private final BenchConfig config;
    private final Api api;
    private final BoxcarClient client;
    private final Sandboxes sandboxes;
    private final Report report;
    private final Workloads load;
    private final CpuMeter cpu;
    private static final int WARM_UP_JOBS = 500;
    /** Section 7: the jobs of each phase, and the fresh sandboxes they are spread over. */
    private static final int HOSTS_JOBS = 300;
    private static final int HOSTS_SANDBOXES = 8;
    /** Section 1's phase with the workers paused: measured seconds (after one of warm-up). */
    private static final int PAUSED_SECONDS = 6;
    /**
     * The paused phase's jobs all stay queued, and a tenant may have 10,000 queued jobs by default
     * (BOXCAR_QUOTA_QUEUED_JOBS): past this many requests the phase ends early, short of the 429s.
     */
    private static final long PAUSED_MAX_REQUESTS = 8_000;

    private final Baselines baselines = new Baselines();

    Sections(BenchConfig config, Api api, BoxcarClient client, Sandboxes sandboxes, Report report) {
        this.client = client;
        this.config = config;
        this.api = api;
        this.sandboxes = sandboxes;
        this.report = report;
        this.cpu = new CpuMeter(config.runDir());
        this.load = new Workloads(api, cpu);
    }

    /**
     * Unmeasured jobs first, so that the table shows the steady state of the JVMs (API, workers)
     * rather than their JIT compilers at work after a fresh start.
     */
    void warmUp(List<String> warm) {
        BenchMain.step("warming up (" + WARM_UP_JOBS + " jobs, not measured)");
        load.throughput(warm, WARM_UP_JOBS, config.clients());
        load.lowLoadLatency(warm, WARM_UP_JOBS / 10);
    }

    /** 2 and 3: end-to-end jobs, and the same command through the agent and `docker exec`. */
    void endToEndAndBaselines(List<String> warm, List<String> containers) {
        BenchMain.step("baseline: true through the agent directly");
        Latency.Summary agent = baselines.agentDirect(warm.stream().map(sandboxes::agentSocket).toList(),
                config.sequentialRuns());
        BenchMain.step("ceiling: true through the agents directly, " + config.clients() + " clients");
        Baselines.Ceiling ceiling = baselines.agentCeiling(warm.stream().map(sandboxes::agentSocket).toList(),
                config.clients(), config.throughputJobs(), cpu);
        BenchMain.step("baseline: docker exec");
        Latency.Summary dockerExec = baselines.dockerExec(containers, 20);
        BenchMain.step("end to end, one job at a time");
        Workloads.LowLoad stages = load.lowLoadLatency(warm, config.sequentialRuns());
        Latency.Summary lowLoad = stages.total();
        BenchMain.step("end to end, " + config.throughputJobs() + " jobs at once");
        Workloads.Throughput throughput = load.throughput(warm, config.throughputJobs(), config.clients());

        report.add("2", "e2e_jobs_per_s", "end-to-end `true` jobs over " + warm.size() + " sandboxes, completed",
                throughput.jobsPerSecond(), "jobs/s");
        report.add("2", "ceiling_per_s", "ceiling: the same `true` through the agents directly, " + config.clients()
                + " clients over the same " + warm.size() + " sandboxes (no queue, no database)", ceiling.perSecond(), "jobs/s");
        report.add("2", "ratio_e2e_to_ceiling", "ratio end-to-end jobs/s / ceiling",
                throughput.jobsPerSecond() / ceiling.perSecond(), "x", Report.Target.atLeast(0.6));
        ceiling.cpuPerCallMs().forEach((part, ms) -> report.add("2", "cpu_per_ceiling_call_" + part + "_ms",
                "  CPU per call of the ceiling: " + part, ms, "ms"));
        report.add("2", "e2e_under_load_p50_ms", "  created -> finished under that load, p50", throughput.serverLatency().p50Ms(), "ms");
        throughput.cpuPerJobMs().forEach((part, ms) -> report.add("2", "cpu_per_job_" + part + "_ms",
                "  CPU per job: " + part, ms, "ms"));
        report.add("2", "cpu_per_job_total_ms", "  CPU per job: all of these",
                throughput.cpuPerJobMs().values().stream().mapToDouble(Double::doubleValue).sum(), "ms");
        report.add("2", "e2e_not_completed", "  jobs not completed", throughput.notCompleted(), "jobs", Report.Target.atMost(0));
        report.add("2", "e2e_low_load_p50_ms", "submit -> result visible, one at a time, p50", lowLoad.p50Ms(), "ms");
        report.add("2", "e2e_low_load_p99_ms", "submit -> result visible, one at a time, p99", lowLoad.p99Ms(), "ms");
        report.add("2", "stage_accept_p50_ms", "  where it goes, p50: request -> job stored (HTTP, auth, JSON, sandbox row)",
                stages.accept().p50Ms(), "ms");
        report.add("2", "stage_dispatch_p50_ms", "  stored -> claimed by a worker (commit, broker, claim)",
                stages.dispatch().p50Ms(), "ms");
        report.add("2", "stage_around_command_p50_ms", "  claimed -> finished, minus the command (agent call, result)",
                stages.aroundCommand().p50Ms(), "ms");
        report.add("2", "stage_command_p50_ms", "  the command itself, as the agent timed it",
                stages.command().p50Ms(), "ms");
        report.add("2", "stage_notify_p50_ms", "  finished -> long-poll answered (NOTIFY, read, HTTP)",
                stages.answer().p50Ms(), "ms");
        report.add("3", "agent_p50_ms", "baseline: `true` through the agent directly, p50", agent.p50Ms(), "ms");
        report.add("3", "agent_p99_ms", "baseline: `true` through the agent directly, p99", agent.p99Ms(), "ms");
        report.add("3", "docker_exec_p50_ms", "baseline: `docker exec`, p50", dockerExec.p50Ms(), "ms");
        report.add("3", "docker_exec_p99_ms", "baseline: `docker exec`, p99", dockerExec.p99Ms(), "ms");
        report.add("3", "overhead_p50_ms", "Boxcar overhead over the direct agent call, p50",
                lowLoad.p50Ms() - agent.p50Ms(), "ms", Report.Target.atMost(10));
        report.add("3", "overhead_p99_ms", "Boxcar overhead over the direct agent call, p99",
                lowLoad.p99Ms() - agent.p99Ms(), "ms", Report.Target.atMost(30));
        report.add("3", "ratio_e2e_to_agent_p50", "ratio end-to-end / direct agent, p50", lowLoad.p50Ms() / agent.p50Ms(), "x");
        report.add("3", "ratio_e2e_to_docker_exec_p50", "ratio end-to-end / `docker exec`, p50",
                lowLoad.p50Ms() / dockerExec.p50Ms(), "x");
        report.add("3", "ratio_throughput_to_docker_exec", "ratio jobs/s / `docker exec` one-at-a-time rate",
                throughput.jobsPerSecond() / (1000.0 / dockerExec.p50Ms()), "x");
    }

    /** 4: the first job of a brand-new sandbox next to `docker run`, and throw-away jobs. */
    void freshAndThrowaway() {
        BenchMain.step("first job in " + config.freshSandboxes() + " brand-new sandboxes, and docker run --rm");
        Latency.Summary fresh = load.freshSandboxes(sandboxes, config.freshSandboxes());
        Latency.Summary dockerRun = baselines.dockerRun(config.image(), config.freshSandboxes());
        BenchMain.step("throw-away jobs");
        Latency.Summary throwaway = load.throwaways(20);
        report.add("4", "fresh_sandbox_p50_ms", "first result in a brand-new sandbox, p50", fresh.p50Ms(), "ms",
                Report.Target.atMost(300));
        report.add("4", "fresh_sandbox_p99_ms", "first result in a brand-new sandbox, p99", fresh.p99Ms(), "ms");
        report.add("4", "docker_run_p50_ms", "baseline: `docker run --rm ... true`, p50", dockerRun.p50Ms(), "ms");
        report.add("4", "ratio_fresh_to_docker_run_p50", "ratio brand-new sandbox / `docker run`, p50",
                fresh.p50Ms() / dockerRun.p50Ms(), "x");
        report.add("4", "throwaway_p50_ms", "throw-away job (POST /exec) submit -> result, p50", throwaway.p50Ms(), "ms");
        report.add("4", "throwaway_p99_ms", "throw-away job (POST /exec) submit -> result, p99", throwaway.p99Ms(), "ms");
    }

    /**
     * 5: a grading batch's wall time, with a fresh container per job (API.md's default), then with
     * {@code reuseContainer} (containers reset between the jobs of the tenant, README "Reusing
     * throw-away containers").
     */
    void batch() {
        BenchMain.step("a " + GradingBatch.SIZE + "-job grading batch");
        long batchMs = new GradingBatch(client, false).run();
        BenchMain.step("the same batch with reuseContainer");
        long reusedMs = new GradingBatch(client, true).run();
        BenchMain.step("baseline: the same " + GradingBatch.SIZE + " programs by xargs -P 8 docker run --rm");
        long baselineMs = GradingBatch.dockerRunBaseline(config.image(),
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "boxcar-bench-batch-" + ProcessHandle.current().pid()));
        report.add("5", "batch_wall_s", GradingBatch.SIZE + "-job grading batch (Python, Node, C, shell), wall",
                batchMs / 1000.0, "s");
        report.add("5", "batch_baseline_wall_s", "baseline: the same programs by `xargs -P 8 docker run --rm`, same limits, wall",
                baselineMs / 1000.0, "s");
        report.add("5", "ratio_batch_to_baseline", "ratio batch / baseline", batchMs / (double) baselineMs, "x");
        report.add("5", "batch_reused_wall_s", "the same batch with reuseContainer (containers reset between jobs), wall",
                reusedMs / 1000.0, "s");
        report.add("5", "ratio_reused_batch_to_baseline", "ratio batch with reuseContainer / baseline",
                reusedMs / (double) baselineMs, "x", Report.Target.atMost(0.5));
    }

    /**
     * 1: submissions, first with every worker paused (the API alone: HTTP, the job stored, its
     * message sent), then with the workers running the submitted jobs on the same cores. Last,
     * because the jobs of the second phase keep the workers busy afterwards.
     */
    void submissions() {
        List<String> paused = sandboxes.warm("paused", config.sandboxes());
        Workloads.SubmissionRate alone;
        List<String> destroying;
        // Short: a worker paused past its heartbeat timeout (15 s) would be taken for lost.
        BenchMain.step("submissions, workers paused: " + config.clients() + " clients for " + PAUSED_SECONDS + " s");
        try (PausedWorkers pause = PausedWorkers.pause(config.runDir())) {
            alone = load.submissions(paused, config.clients(), 1, PAUSED_SECONDS, PAUSED_MAX_REQUESTS);
            // Their jobs are cancelled before any worker wakes up to run them.
            destroying = sandboxes.startDestroying(api, paused);
        }
        sandboxes.awaitDestroyed(api, destroying);
        List<String> targets = sandboxes.warm("submit", config.sandboxes());
        BenchMain.step("submissions, workers running: " + config.clients() + " clients for " + config.submitSeconds() + " s");
        Workloads.SubmissionRate submissions = load.submissions(targets, config.clients(), 2, config.submitSeconds());
        report.add("1", "submit_paused_per_s", "`POST /sandboxes/{id}/exec` at " + config.clients()
                + " clients, workers paused (the API alone), accepted", alone.perSecond(), "req/s", Report.Target.atLeast(1000));
        report.add("1", "submit_paused_p50_ms", "  latency p50", alone.latency().p50Ms(), "ms");
        report.add("1", "submit_paused_p99_ms", "  latency p99", alone.latency().p99Ms(), "ms", Report.Target.atMost(50));
        alone.cpuPerRequestMs().forEach((part, ms) -> report.add("1", "cpu_per_submit_paused_" + part + "_ms",
                "  CPU per request: " + part, ms, "ms"));
        report.add("1", "submit_paused_failed", "  answers other than 202", alone.failed(), "req", Report.Target.atMost(0));
        report.add("1", "submit_per_s", "the same with the workers running the submitted jobs, accepted",
                submissions.perSecond(), "req/s");
        report.add("1", "submit_p50_ms", "  latency p50", submissions.latency().p50Ms(), "ms");
        report.add("1", "submit_p99_ms", "  latency p99", submissions.latency().p99Ms(), "ms");
        submissions.cpuPerRequestMs().forEach((part, ms) -> report.add("1", "cpu_per_submit_" + part + "_ms",
                "  CPU per request: " + part + " (the workers run the jobs meanwhile)", ms, "ms"));
        report.add("1", "submit_failed", "  answers other than 202", submissions.failed(), "req", Report.Target.atMost(0));
    }

    /**
     * 7: the end-to-end load of section 2 (smaller) in fresh sandboxes on one Docker host, then on
     * two: {@code ./boxcar host up 2} (not timed) adds host-2, whose sandboxes' jobs only its own
     * worker runs. Each phase first runs the same jobs unmeasured (the JITs, the new worker's too).
     */
    void hosts() {
        if (!"0".equals(Host.run(List.of("id", "-u")))) {
            report.fact("hosts", "section 7 skipped: `./boxcar host up 2` needs root");
            return;
        }
        if (running(config.runDir().resolve("hostworker-2.pid"))) {
            report.fact("hosts", "section 7 skipped: host 2 was already up (`./boxcar host down 2` first)");
            return;
        }
        BenchMain.step("hosts: " + HOSTS_JOBS + " jobs over " + HOSTS_SANDBOXES + " new sandboxes, one host");
        HostsPhase one = onFreshSandboxes("hosts1");
        HostsPhase two;
        try {
            BenchMain.step("hosts: starting host 2 (./boxcar host up 2; the first time copies the image; not timed)");
            Host.runShowingProgress(List.of(config.boxcar(), "host", "up", "2"), 600);
            BenchMain.step("hosts: the same over " + HOSTS_SANDBOXES + " new sandboxes, two hosts");
            two = onFreshSandboxes("hosts2");
        } finally {
            BenchMain.step("hosts: stopping host 2");
            Host.runShowingProgress(List.of(config.boxcar(), "host", "down", "2"), 180);
        }
        String spread = HOSTS_SANDBOXES + " new sandboxes";
        report.add("7", "hosts_one_jobs_per_s", "end-to-end `true` jobs over " + spread + ", one Docker host",
                one.load().jobsPerSecond(), "jobs/s");
        report.add("7", "hosts_one_p50_ms", "  created -> finished, p50", one.load().serverLatency().p50Ms(), "ms");
        report.add("7", "hosts_one_p99_ms", "  created -> finished, p99", one.load().serverLatency().p99Ms(), "ms");
        report.add("7", "hosts_two_jobs_per_s", "the same over " + spread + ", two hosts (`host up 2`)",
                two.load().jobsPerSecond(), "jobs/s");
        report.add("7", "hosts_two_p50_ms", "  created -> finished, p50", two.load().serverLatency().p50Ms(), "ms");
        report.add("7", "hosts_two_p99_ms", "  created -> finished, p99", two.load().serverLatency().p99Ms(), "ms");
        report.add("7", "hosts_two_on_host_1", "  of the " + spread + ", placed on host-1",
                two.placed().getOrDefault("host-1", 0L), "sandboxes");
        report.add("7", "hosts_two_on_host_2", "  of the " + spread + ", placed on host-2",
                two.placed().getOrDefault("host-2", 0L), "sandboxes");
        report.add("7", "hosts_ratio_two_to_one", "ratio jobs/s two hosts / one host (one machine: same cores, one more "
                + "dockerd and worker; no speed-up expected)", two.load().jobsPerSecond() / one.load().jobsPerSecond(), "x");
        report.add("7", "hosts_not_completed", "  jobs not completed, both phases",
                one.load().notCompleted() + two.load().notCompleted(), "jobs", Report.Target.atMost(0));
    }

    /** One phase of section 7: its measured load, and how many of its sandboxes each host got. */
    private record HostsPhase(Workloads.Throughput load, java.util.Map<String, Long> placed) {
    }

    /** Fresh sandboxes (placed as the API places them), the load twice, then destroyed (and waited for). */
    private HostsPhase onFreshSandboxes(String group) {
        List<String> ids = sandboxes.warm(group, HOSTS_SANDBOXES);
        try {
            java.util.Map<String, Long> placed = ids.stream().collect(java.util.stream.Collectors.groupingBy(
                    id -> api.get("/sandboxes/" + id).json().getString("host", "none"), java.util.TreeMap::new,
                    java.util.stream.Collectors.counting()));
            BenchMain.step("hosts: sandboxes per host " + placed);
            load.throughput(ids, HOSTS_JOBS, config.clients());
            return new HostsPhase(load.throughput(ids, HOSTS_JOBS, config.clients()), placed);
        } finally {
            sandboxes.destroyAndWait(api, ids);
        }
    }

    private static boolean running(java.nio.file.Path pidFile) {
        try {
            return java.nio.file.Files.exists(pidFile)
                    && ProcessHandle.of(Host.pidFromFile(pidFile)).map(ProcessHandle::isAlive).orElse(false);
        } catch (IllegalStateException goneOrReused) {
            return false;
        }
    }

    /** 6: resident memory after the load. */
    void footprint(List<String> containers) {
        Footprint footprint = new Footprint(config.runDir());
        Host.Memory apiMemory = footprint.api();
        Host.Memory workerMemory = footprint.worker();
        Host.Memory agentMemory = footprint.agent(containers);
        report.add("6", "rss_api_mib", "RSS of the API server (WildFly) after the load", apiMemory.rssMiB(), "MiB",
                Report.Target.atMost(768));
        report.add("6", "rss_worker_mib", "RSS of the largest worker after the load", workerMemory.rssMiB(), "MiB",
                Report.Target.atMost(256));
        report.add("6", "rss_agent_mib", "RSS of the largest agent after the load", agentMemory.rssMiB(), "MiB",
                Report.Target.atMost(10));
        report.add("6", "peak_rss_worker_mib", "  peak RSS of that worker (VmHWM)", workerMemory.peakMiB(), "MiB");
        report.add("6", "peak_rss_agent_mib", "  peak RSS of that agent (VmHWM)", agentMemory.peakMiB(), "MiB");
    }
}
