package dev.boxcar.api.files;

import dev.boxcar.api.job.JobRepository;
import dev.boxcar.api.job.JobView;
import dev.boxcar.api.problem.Problems;
import dev.boxcar.api.quota.Quotas;
import dev.boxcar.api.sandbox.SandboxService;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobType;
import dev.boxcar.core.json.Json;
import dev.boxcar.core.process.FileJobs;
import dev.boxcar.core.sandbox.Sandbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** The transactional half of the files endpoints: file jobs in the sandbox's line, and their results. */
@ApplicationScoped
public class FileStore {
    @Inject
    SandboxService sandboxes;
    @Inject
    JobRepository jobs;
    @Inject
    Quotas quotas;

    /** A file job in the sandbox's line; a write creates the sandbox, a read of a missing one is 404. */
    @Transactional
    public JobView insert(String tenant, String sandboxId, String type, Object request) {
        quotas.requireRoomForJobs(tenant, 1);
        Sandbox sandbox = JobType.FILE_READ.equals(type)
                ? sandboxes.existingForNewJob(tenant, sandboxId)
                : sandboxes.forNewJob(tenant, sandboxId);
        Job job = Job.queued(tenant, type, sandbox.getPk(), sandboxId, Json.write(request));
        jobs.add(job);
        return JobView.of(job);
    }

    /** The bytes a finished read job found; empty when the file does not exist. */
    @Transactional
    public Optional<byte[]> readResult(String tenant, UUID jobId) {
        Job job = jobs.find(tenant, jobId).orElseThrow(() -> Problems.notFound("job " + jobId));
        FileJobs.ReadResult result = Json.read(job.getResult(), FileJobs.ReadResult.class);
        return result.found() ? Optional.of(Base64.getDecoder().decode(result.contentBase64())) : Optional.empty();
    }

    public static FileJobs.Write write(String path, byte[] content) {
        return new FileJobs.Write(path, Base64.getEncoder().encodeToString(content));
    }
}
