package dev.boxcar.api.process;

import dev.boxcar.api.job.JobRepository;
import dev.boxcar.api.job.JobView;
import dev.boxcar.api.paging.Cursor;
import dev.boxcar.api.paging.NewestFirst;
import dev.boxcar.api.paging.Page;
import dev.boxcar.api.paging.PageRequest;
import dev.boxcar.api.problem.Problems;
import dev.boxcar.api.quota.Quotas;
import dev.boxcar.api.sandbox.SandboxService;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobType;
import dev.boxcar.core.json.Json;
import dev.boxcar.core.process.ProcessJobs;
import dev.boxcar.core.process.SandboxProcess;
import dev.boxcar.core.sandbox.Sandbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The transactional half of the process endpoints. */
@ApplicationScoped
public class ProcessStore {
    @PersistenceContext(unitName = "boxcar")
    EntityManager em;
    @Inject
    SandboxService sandboxes;
    @Inject
    JobRepository jobs;
    @Inject
    Quotas quotas;

    /** What a start created: the process record and the job that starts it. */
    public record Started(ProcessView process, UUID jobId) {
    }

    @Transactional
    public Started start(String tenant, String sandboxId, ProcessRequest request) {
        quotas.requireRoomForJobs(tenant, 1);
        Sandbox sandbox = sandboxes.forNewJob(tenant, sandboxId);
        if (request.name() != null && liveNamed(sandbox.getPk(), request.name()) != null) {
            throw Problems.conflict("sandbox " + sandboxId + " already has a live process named " + request.name());
        }
        SandboxProcess process = new SandboxProcess(tenant, sandbox.getPk(), sandboxId, request.name(),
                request.displayCommand(), Json.write(request.effectiveArgv()), request.cwd(),
                Json.write(request.env() == null ? Map.of() : request.env()));
        Job job = Job.queued(tenant, JobType.PROCESS_START, sandbox.getPk(), sandboxId, Json.write(new ProcessJobs.Start(
                process.getId().toString(), request.effectiveArgv(), request.cwd(), request.env())));
        process.startedBy(job.getId());
        jobs.add(job);
        // The record refers to its job: the job row must exist first.
        em.flush();
        em.persist(process);
        em.flush();
        return new Started(ProcessView.of(process), job.getId());
    }

    /** The kill job for a live process; 409 when it already ended. */
    @Transactional
    public JobView kill(String tenant, String sandboxId, String idOrName, String signal) {
        SandboxProcess process = find(tenant, sandboxId, idOrName);
        if (process.hasEnded()) {
            throw Problems.conflict("process " + idOrName + " already ended (" + process.getStatus() + ")");
        }
        Job job = Job.queued(tenant, JobType.PROCESS_KILL, process.getSandboxPk(), sandboxId,
                Json.write(new ProcessJobs.Kill(process.getId().toString(), signal)));
        jobs.add(job);
        return JobView.of(job);
    }

    @Transactional
    public SandboxProcess find(String tenant, String sandboxId, String idOrName) {
        Sandbox sandbox = sandboxes.get(tenant, sandboxId);
        SandboxProcess process = null;
        try {
            SandboxProcess byId = em.find(SandboxProcess.class, UUID.fromString(idOrName));
            if (byId != null && byId.getSandboxPk().equals(sandbox.getPk())) {
                process = byId;
            }
        } catch (IllegalArgumentException notAnId) {
            // looked up by name below
        }
        if (process == null) {
            process = liveNamed(sandbox.getPk(), idOrName);
        }
        if (process == null) {
            process = em.createQuery("SELECT p FROM SandboxProcess p WHERE p.sandboxPk = :pk AND p.name = :name "
                            + "ORDER BY p.createdAt DESC", SandboxProcess.class)
                    .setParameter("pk", sandbox.getPk()).setParameter("name", idOrName)
                    .setMaxResults(1).getResultStream().findFirst().orElse(null);
        }
        if (process == null) {
            throw Problems.notFound("process " + idOrName);
        }
        em.refresh(process);
        return process;
    }

    @Transactional
    public Page<ProcessView> list(String tenant, String sandboxId, PageRequest page) {
        Sandbox sandbox = sandboxes.get(tenant, sandboxId);
        List<SandboxProcess> rows = NewestFirst.rows(em, SandboxProcess.class, "id", "sandboxPk", sandbox.getPk(), page);
        return Page.of(rows, page.limit(), p -> new Cursor(p.getCreatedAt(), p.getId()), ProcessView::of);
    }

    private SandboxProcess liveNamed(UUID sandboxPk, String name) {
        return em.createQuery("SELECT p FROM SandboxProcess p WHERE p.sandboxPk = :pk AND p.name = :name "
                        + "AND p.status IN ('starting', 'running')", SandboxProcess.class)
                .setParameter("pk", sandboxPk).setParameter("name", name)
                .getResultStream().findFirst().orElse(null);
    }
}
