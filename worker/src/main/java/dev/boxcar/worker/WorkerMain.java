package dev.boxcar.worker;

import com.github.dockerjava.api.DockerClient;
import dev.boxcar.core.callback.CallbackSigner;
import dev.boxcar.core.job.JobMessage;
import dev.boxcar.schema.SchemaMigrator;
import dev.boxcar.worker.agent.AgentClient;
import dev.boxcar.worker.callback.CallbackDelivery;
import dev.boxcar.worker.container.AgentSocketFolders;
import dev.boxcar.worker.container.ContainerManager;
import dev.boxcar.worker.container.DockerClients;
import dev.boxcar.worker.container.HostIds;
import dev.boxcar.worker.container.ThrowawayPool;
import dev.boxcar.worker.container.UserNamespace;
import dev.boxcar.worker.execution.CancelWatcher;
import dev.boxcar.worker.execution.CommandRunner;
import dev.boxcar.worker.execution.ExecJobHandler;
import dev.boxcar.worker.execution.FileJobHandler;
import dev.boxcar.worker.execution.JobRunner;
import dev.boxcar.worker.execution.LiveOutputRecorder;
import dev.boxcar.worker.execution.OutputCap;
import dev.boxcar.worker.execution.ProcessJobHandler;
import dev.boxcar.worker.execution.ProcessRefresher;
import dev.boxcar.worker.execution.RunningJobs;
import dev.boxcar.worker.execution.SandboxContainers;
import dev.boxcar.worker.execution.SandboxDestroyHandler;
import dev.boxcar.worker.maintenance.LostTrackCheck;
import dev.boxcar.worker.maintenance.Maintenance;
import dev.boxcar.worker.maintenance.Retention;
import dev.boxcar.worker.messaging.JobRoutes;
import dev.boxcar.worker.metrics.MetricsServer;
import dev.boxcar.worker.persistence.PortRepository;
import dev.boxcar.worker.preview.PortRelay;
import dev.boxcar.worker.messaging.BrokerConnections;
import dev.boxcar.worker.messaging.DeadLetterConsumer;
import dev.boxcar.worker.messaging.JobConsumer;
import dev.boxcar.worker.messaging.JobPublisher;
import dev.boxcar.worker.messaging.TransactedQueueLoop;
import dev.boxcar.worker.persistence.Database;
import dev.boxcar.worker.persistence.JobRepository;
import dev.boxcar.worker.persistence.ProcessRepository;
import dev.boxcar.worker.persistence.SandboxRepository;
import dev.boxcar.worker.persistence.WorkerRegistry;
import dev.boxcar.worker.persistence.WorkerSlots;
import jakarta.jms.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: {@code java -jar boxcar-worker.jar} runs a worker; {@code ... migrate} applies
 * the schema migrations once and exits (the start-up script calls it before anything else).
 */
public final class WorkerMain {
    static {
        LogFormat.apply();
    }

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException, java.io.IOException {
        WorkerConfig config;
        try {
            config = WorkerConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("boxcar-worker: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (args.length > 0 && "migrate".equals(args[0])) {
            var result = SchemaMigrator.migrate(config.dbUrl(), config.dbUser(), config.dbPassword());
            System.out.println(result.migrationsExecuted == 0
                    ? "schema is up to date"
                    : "schema migrated to version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                            + " migration(s) applied)");
            return;
        }
        run(config);
    }

    private static void run(WorkerConfig config) throws InterruptedException, java.io.IOException {
        LOG.info("worker {} starting with {} consumer(s)", config.workerId(), config.concurrency());
        Database db = new Database(config);
        JobRepository jobs = new JobRepository(db);
        DockerClient docker = DockerClients.connect(config.dockerHost(), config.concurrency() * 2 + 4,
                Duration.ofSeconds(config.dockerCallSeconds()));
        String hostId = HostIds.of(config, docker);
        LOG.info("worker {} drives Docker host {} ({})", config.workerId(), hostId, config.dockerHost());
        SandboxRepository sandboxes = new SandboxRepository(db, hostId);
        WorkerRegistry registry = new WorkerRegistry(db, config.workerId(), hostId, Maintenance.HEARTBEAT_SECONDS);
        registry.beat();
        AgentClient agent = new AgentClient(config.maxOutputBytes(), config.maxFileReadBytes());
        UserNamespace.requireNosuidNodev(config.agentSocketDir());
        AgentSocketFolders socketFolders = new AgentSocketFolders(config.agentSocketDir(),
                UserNamespace.containerRootUid(docker, config.containerRootUid()));
        ContainerManager containers = new ContainerManager(docker, config, agent, socketFolders);
        containers.prepareNetworks();
        RunningJobs running = new RunningJobs();
        CommandRunner commands = new CommandRunner(agent, running, config.maxOutputBytes());
        ThrowawayPool pool = new ThrowawayPool(containers, config.poolSize(), config.jobsPerThrowaway(),
                config.throwawayIdleSeconds(), 2 * config.concurrency());
        pool.start();
        SandboxContainers sandboxContainers = new SandboxContainers(jobs, sandboxes, containers, config.workerId());
        ProcessRepository processes = new ProcessRepository(db);
        ExecJobHandler exec = new ExecJobHandler(jobs, sandboxContainers, containers, pool, commands, config.workerId());
        SandboxDestroyHandler destroy = new SandboxDestroyHandler(jobs, sandboxes, containers, processes, config.workerId());
        ProcessJobHandler processJobs = new ProcessJobHandler(jobs, processes, sandboxContainers, containers, agent,
                config.workerId());
        FileJobHandler files = new FileJobHandler(jobs, sandboxContainers, agent, config.workerId());
        JobRunner runner = new JobRunner(jobs, exec, destroy, processJobs, files, config.workerId(), hostId,
                new WorkerSlots(db, config.concurrency(), Maintenance.HEARTBEAT_TIMEOUT_SECONDS));
        MetricsServer metrics = startMetrics(config, () -> runner.inHand().size());
        PortRelay relay = PortRelay.start(config.relayBind(), config.relayPort(), config.maxRelays(),
                new PortRepository(db), containers, agent);
        registry.advertiseRelay(relay.address(config.relayAdvertise()));
        LOG.info("preview relay at {}", relay.address(config.relayAdvertise()));

        JobRoutes routes = new JobRoutes(db);
        JobPublisher publisher = new JobPublisher(BrokerConnections.forPublishing(config), routes);
        Maintenance maintenance = new Maintenance(db, jobs, registry, publisher, sandboxes, containers,
                new CancelWatcher(running, jobs, agent), new CallbackDelivery(db,
                        CallbackSigner.fromSettings(config.callbackSecret(), config.callbackSecrets())),
                new ProcessRefresher(db, processes, containers, agent, hostId), new LiveOutputRecorder(running, agent, db,
                new OutputCap(config.maxOutputBytes())), new Retention(db, config.retentionDays()),
                new LostTrackCheck(jobs, runner::inHand, config.workerId()), config.purgeIntervalSeconds(),
                config.hostLostSeconds());
        maintenance.start();

        ConnectionFactory consuming = BrokerConnections.forConsuming(config);
        List<TransactedQueueLoop> loops = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < config.concurrency(); i++) {
            // A consumer per loop: it counts the acknowledgements its own session has pending.
            // This host's sandboxes' jobs and everybody's throw-away jobs (API.md "Hosts").
            TransactedQueueLoop loop = new TransactedQueueLoop(consuming, JobMessage.QUEUE, JobMessage.selectorFor(hostId),
                    new JobConsumer(runner, routes));
            loops.add(loop);
            threads.add(new Thread(loop, "consumer-" + i));
        }
        TransactedQueueLoop deadLetters = new TransactedQueueLoop(consuming, DeadLetterConsumer.QUEUE,
                new DeadLetterConsumer(jobs));
        loops.add(deadLetters);
        threads.add(new Thread(deadLetters, "dead-letters"));
        threads.forEach(Thread::start);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("worker {} stopping", config.workerId());
            loops.forEach(TransactedQueueLoop::stop);
            for (Thread t : threads) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            maintenance.close();
            relay.close();
            if (metrics != null) {
                metrics.close();
            }
            pool.close();
            publisher.close();
            registry.deregister();
            db.close();
            stopped.countDown();
        }, "shutdown"));
        LOG.info("worker {} ready", config.workerId());
        stopped.await();
    }

    /** The loopback /metrics endpoint, unless turned off; a taken port is worth a warning, not a dead worker. */
    private static MetricsServer startMetrics(WorkerConfig config, java.util.function.IntSupplier inHand) {
        if (config.metricsPort() == 0) {
            return null;
        }
        try {
            MetricsServer server = MetricsServer.start(config.metricsPort(), inHand);
            LOG.info("metrics at http://127.0.0.1:{}/metrics", server.port());
            return server;
        } catch (java.io.IOException e) {
            LOG.warn("no metrics endpoint: cannot listen on 127.0.0.1:{} ({})", config.metricsPort(), e.getMessage());
            return null;
        }
    }
}
