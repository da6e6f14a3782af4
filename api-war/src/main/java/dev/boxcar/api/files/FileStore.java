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

    /**
     * The bytes a finished read job found; empty when the file does not exist. A read of the
     * largest file holds about 60 MB here (the stored base64, the bytes, the answer), so at most
     * {@link #LARGE_READS_AT_ONCE} large ones are decoded at once; the others wait their turn.
     */
    @Transactional
    public Optional<byte[]> readResult(String tenant, UUID jobId) {
        Job job = jobs.find(tenant, jobId).orElseThrow(() -> Problems.notFound("job " + jobId));
        String stored = job.getResult();
        boolean large = stored.length() > LARGE_READ_CHARS;
        if (large) {
            largeReads.acquireUninterruptibly();
        }
        try {
            FileJobs.ReadResult result = FileJobs.ReadResult.fromJson(stored);
            return result.found() ? Optional.of(Base64.getDecoder().decode(result.contentBase64())) : Optional.empty();
        } finally {
            if (large) {
                largeReads.release();
            }
        }
    }

    private static final int LARGE_READS_AT_ONCE = 2;
    private static final int LARGE_READ_CHARS = 1 << 20;
    private final java.util.concurrent.Semaphore largeReads = new java.util.concurrent.Semaphore(LARGE_READS_AT_ONCE, true);

    public static FileJobs.Write write(String path, byte[] content) {
        return new FileJobs.Write(path, Base64.getEncoder().encodeToString(content));
    }
}
