package dev.boxcar.worker.execution;

import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobStatus;
import dev.boxcar.core.json.Json;
import dev.boxcar.core.process.FileJobs;
import dev.boxcar.worker.agent.AgentClient;
import dev.boxcar.worker.agent.AgentException;
import dev.boxcar.worker.agent.AgentRequest;
import dev.boxcar.worker.agent.AgentResponse;
import dev.boxcar.worker.container.RunningContainer;
import dev.boxcar.worker.persistence.JobRepository;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/** {@code file.write} and {@code file.read}: raw bytes, written and read as the sandbox's user. */
public final class FileJobHandler {
    private static final Duration AGENT_CALL = Duration.ofSeconds(60);
    /**
     * One read at a time per worker: a read of the largest file (16 MiB) is held about five times
     * over on its way to the database (the agent's base64 answer, the bytes, the base64 result, its
     * JSON), so a few at once would take the worker's heap. Reads are quick (a deadline of 60 s).
     */
    private final Semaphore reads = new Semaphore(1, true);

    private final JobRepository jobs;
    private final SandboxContainers sandboxContainers;
    private final AgentClient agent;
    private final String workerId;

    public FileJobHandler(JobRepository jobs, SandboxContainers sandboxContainers, AgentClient agent, String workerId) {
        this.jobs = jobs;
        this.sandboxContainers = sandboxContainers;
        this.agent = agent;
        this.workerId = workerId;
    }

    public void write(Job job) {
        FileJobs.Write spec = Json.read(job.getRequest(), FileJobs.Write.class);
        run(job, container -> {
            agent.call(container.agentSocket(), AgentRequest.fileWrite(spec.path(),
                    Base64.getDecoder().decode(spec.contentBase64())), AGENT_CALL);
            return null;
        });
    }

    public void read(Job job) throws InterruptedException {
        FileJobs.Read spec = Json.read(job.getRequest(), FileJobs.Read.class);
        reads.acquire();
        try {
            readOne(job, spec);
        } finally {
            reads.release();
        }
    }

    private void readOne(Job job, FileJobs.Read spec) {
        run(job, container -> {
            AgentResponse.FileResult file = agent.call(container.agentSocket(), AgentRequest.fileRead(spec.path(), agent.maxFileReadBytes()),
                    AGENT_CALL).file();
            return new FileJobs.ReadResult(file.found(), file.size(), file.content() == null ? "" : file.content()).toJson();
        });
    }

    private interface FileOp {
        String apply(RunningContainer container) throws AgentException;
    }

    private void run(Job job, FileOp op) {
        Optional<RunningContainer> container = sandboxContainers.acquire(job);
        if (container.isEmpty()) {
            return;
        }
        try {
            jobs.finish(job.getId(), workerId, JobStatus.COMPLETED, op.apply(container.get()), null);
        } catch (AgentException e) {
            jobs.failHeld(job.getId(), workerId, "file_failed", e.refused() ? e.getMessage()
                    : "could not reach the sandbox's agent: " + e.getMessage());
        }
    }
}
