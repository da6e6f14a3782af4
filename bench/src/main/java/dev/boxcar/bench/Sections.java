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
    private static final int WARM_UP_JOBS = 500;
    /** Section 7: the jobs of each phase, and the fresh sandboxes they are spread over. */
    private static final int HOSTS_JOBS = 300;
    private static final int HOSTS_SANDBOXES = 8;

    private final Baselines baselines = new Baselines();

    Sections(BenchConfig config, Api api, BoxcarClient client, Sandboxes sandboxes, Report report) {
        this.client = client;
        this.config = config;
        this.api = api;
        this.sandboxes = sandboxes;
        this.report = report;
        this.load = new Workloads(api, new CpuMeter(config.runDir()));
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
        BenchMain.step("baseline: docker exec");
        Latency.Summary dockerExec = baselines.dockerExec(containers, 20);
        BenchMain.step("end to end, one job at a time");
        Workloads.LowLoad stages = load.lowLoadLatency(warm, config.sequentialRuns());
        Latency.Summary lowLoad = stages.total();
        BenchMain.step("end to end, " + config.throughputJobs() + " jobs at once");
        Workloads.Throughput throughput = load.throughput(warm, config.throughputJobs(), config.clients());

        report.add("2", "e2e_jobs_per_s", "end-to-end `true` jobs over " + warm.size() + " sandboxes, completed",
                throughput.jobsPerSecond(), "jobs/s", Report.Target.atLeast(200));
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
        report.add("2", "stage_around_command_p50_ms", "  claimed -> finished, minus the command (sandbox row, agent ping, result)",
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
                lowLoad.p99Ms() - agent.p99Ms(), "ms", Report.Target.atMost(50));
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

    /** 5: a grading batch's wall time. */
    void batch() {
        BenchMain.step("a " + GradingBatch.SIZE + "-job grading batch");
        long batchMs = new GradingBatch(client).run();
        report.add("5", "batch_wall_s", GradingBatch.SIZE + "-job grading batch (Python, Node, C, shell), wall",
                batchMs / 1000.0, "s");
    }

    /** 1: submissions; last, because the jobs it queues keep the workers busy afterwards. */
    void submissions() {
        List<String> targets = sandboxes.warm("submit", config.sandboxes());
        BenchMain.step("submissions: " + config.clients() + " clients for " + config.submitSeconds() + " s");
        Workloads.SubmissionRate submissions = load.submissions(targets, config.clients(), config.submitSeconds());
        report.add("1", "submit_per_s", "`POST /sandboxes/{id}/exec` at " + config.clients() + " clients, accepted",
                submissions.perSecond(), "req/s", Report.Target.atLeast(2000));
        report.add("1", "submit_p50_ms", "  latency p50", submissions.latency().p50Ms(), "ms");
        report.add("1", "submit_p99_ms", "  latency p99", submissions.latency().p99Ms(), "ms", Report.Target.atMost(50));
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
        return java.nio.file.Files.exists(pidFile)
                && ProcessHandle.of(Host.pidFromFile(pidFile)).map(ProcessHandle::isAlive).orElse(false);
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
