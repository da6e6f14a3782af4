package dev.boxcar.worker.execution;

import dev.boxcar.core.process.SandboxProcess;
import dev.boxcar.worker.agent.AgentClient;
import dev.boxcar.worker.agent.AgentException;
import dev.boxcar.worker.agent.AgentRequest;
import dev.boxcar.worker.agent.AgentResponse;
import dev.boxcar.worker.container.ContainerManager;
import dev.boxcar.worker.persistence.Database;
import dev.boxcar.worker.persistence.ProcessRepository;
import jakarta.persistence.EntityManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every couple of seconds, copies what the agents know about running processes (status, exit,
 * newest logs) into their records. Any worker of a sandbox's host does it (row locks share the
 * work), so records stay true when the worker that started a process is gone.
 */
public final class ProcessRefresher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRefresher.class);
    private static final Duration AGENT_CALL = Duration.ofSeconds(10);

    private final Database db;
    private final ProcessRepository processes;
    private final ContainerManager containers;
    private final AgentClient agent;
    private final String hostId;

    public ProcessRefresher(Database db, ProcessRepository processes, ContainerManager containers, AgentClient agent,
                            String hostId) {
        this.hostId = hostId;
        this.db = db;
        this.processes = processes;
        this.containers = containers;
        this.agent = agent;
    }

    @Override
    public void run() {
        for (UUID sandboxPk : db.inTransaction(em -> processes.sandboxesWithLiveProcesses(em, hostId, 200))) {
            refreshOne(sandboxPk);
        }
    }

    /**
     * One sandbox's refresh never spoils another's: each has a transaction of its own, so neither an
     * agent's odd answer nor a failed statement (which aborts a PostgreSQL transaction) reaches the
     * rest.
     */
    private void refreshOne(UUID sandboxPk) {
        try {
            db.inTransactionDo(em -> {
                if (processes.lockForRefresh(em, sandboxPk)) {
                    refresh(em, sandboxPk);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("refreshing the processes of sandbox {} failed: {}", sandboxPk, e.toString());
        }
    }

    private void refresh(EntityManager em, UUID sandboxPk) {
        List<SandboxProcess> live = processes.running(em, sandboxPk);
        Map<String, AgentResponse.ProcessState> known = new HashMap<>();
        Path socket;
        try {
            socket = containers.agentSocketOfSandbox(sandboxPk)
                    .orElseThrow(() -> new AgentException("the sandbox's container is not running"));
            agent.call(socket, AgentRequest.processList(), AGENT_CALL).processes().forEach(s -> known.put(s.id(), s));
        } catch (AgentException e) {
            if (!containers.isSandboxRunning(sandboxPk)) {
                live.forEach(p -> processes.end(em, p.getId(), SandboxProcess.EXITED, null, null,
                        "the sandbox's container stopped, and the process ended with it"));
            }
            return;
        }
        for (SandboxProcess process : live) {
            AgentResponse.ProcessState state = known.get(process.getId().toString());
            if (state == null) {
                processes.end(em, process.getId(), SandboxProcess.EXITED, null, null,
                        "the sandbox's container restarted, and the process ended with it");
                continue;
            }
            refreshLogs(em, socket, process, state);
            if (!state.running()) {
                boolean killedByUs = state.killedBy() != null;
                processes.end(em, process.getId(), killedByUs ? SandboxProcess.KILLED : SandboxProcess.EXITED,
                        killedByUs ? null : state.exitCode(), state.signal(), null);
            }
        }
    }

    private void refreshLogs(EntityManager em, Path socket, SandboxProcess process, AgentResponse.ProcessState state) {
        if (state.stdoutTotal() == process.getStdoutTotal() && state.stderrTotal() == process.getStderrTotal()) {
            return;
        }
        try {
            AgentResponse.ProcessLogs logs = agent.call(socket, AgentRequest.processLogs(process.getId().toString()),
                    AGENT_CALL).logs();
            processes.storeLogs(em, process.getId(), orEmpty(logs.stdout()), orEmpty(logs.stderr()), logs.stdoutTotal(),
                    logs.stderrTotal());
        } catch (AgentException e) {
            // The next round tries again; the record keeps the logs it has.
        }
    }

    private static byte[] orEmpty(byte[] bytes) {
        return bytes == null ? new byte[0] : bytes;
    }
}
