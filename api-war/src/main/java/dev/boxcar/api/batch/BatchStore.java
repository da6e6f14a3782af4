package dev.boxcar.api.batch;

import dev.boxcar.api.job.JobRepository;
import dev.boxcar.api.job.JobView;
import dev.boxcar.api.paging.Cursor;
import dev.boxcar.api.paging.NewestFirst;
import dev.boxcar.api.paging.Page;
import dev.boxcar.api.paging.PageRequest;
import dev.boxcar.api.problem.Problems;
import dev.boxcar.api.quota.Quotas;
import dev.boxcar.api.sandbox.SandboxService;
import dev.boxcar.core.batch.Batch;
import dev.boxcar.core.batch.BatchSummary;
import dev.boxcar.core.job.Job;
import dev.boxcar.core.job.JobType;
import dev.boxcar.core.json.Json;
import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.store.BatchSummaries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The transactional half of {@link BatchService}. */
@ApplicationScoped
public class BatchStore {
    @PersistenceContext(unitName = "boxcar")
    EntityManager em;
    @Inject
    SandboxService sandboxes;
    @Inject
    JobRepository jobs;
    @Inject
    Quotas quotas;

    /** The batch and all its jobs, committed together (all or nothing). */
    @Transactional
    public BatchCreated insert(String tenant, BatchRequest request) {
        quotas.requireRoomForJobs(tenant, request.items().size());
        Batch batch = new Batch(tenant, request.items().size(), request.callbackUrl());
        em.persist(batch);
        List<String> jobIds = new ArrayList<>(request.items().size());
        int index = 0;
        for (BatchRequest.Item item : request.items()) {
            Sandbox sandbox = item.sandboxId() == null ? null : sandboxes.forNewJob(tenant, item.sandboxId());
            Job job = Job.queued(tenant, JobType.EXEC, sandbox == null ? null : sandbox.getPk(), item.sandboxId(),
                    Json.write(item.spec())).inBatch(batch.getId(), index++);
            jobs.add(job);
            jobIds.add(job.getId().toString());
        }
        return new BatchCreated(batch.getId().toString(), batch.getTotal(), jobIds);
    }

    @Transactional
    public BatchSummary summary(String tenant, UUID id) {
        return BatchSummaries.load(em, find(tenant, id));
    }

    /** A page of the tenant's batches, newest first, each with its progress (one query for all of them). */
    @Transactional
    public Page<BatchSummary> page(String tenant, PageRequest page) {
        List<Batch> rows = NewestFirst.rows(em, Batch.class, "id", "tenant", tenant, page);
        Page<Batch> batches = Page.of(rows, page.limit(), b -> new Cursor(b.getCreatedAt(), b.getId()), b -> b);
        return new Page<>(BatchSummaries.loadAll(em, batches.items()), batches.nextCursor());
    }

    /** Cancels every job of the batch that has not finished. */
    @Transactional
    public BatchSummary cancel(String tenant, UUID id) {
        Batch batch = find(tenant, id);
        jobs.cancelAllOfBatch(batch.getId());
        return BatchSummaries.load(em, batch);
    }

    /** The ids of the batch's jobs in submission order (a replayed submission's answer): ids only. */
    @Transactional
    public List<String> jobIds(String tenant, UUID id) {
        find(tenant, id);
        return em.createQuery("SELECT j.id FROM Job j WHERE j.batchId = :batch ORDER BY j.batchIndex", UUID.class)
                .setParameter("batch", id)
                .getResultList().stream().map(UUID::toString).toList();
    }

    /** The batch's jobs in submission order, {@code limit} at a time after {@code afterIndex}. */
    @Transactional
    public Page<JobView> jobs(String tenant, UUID id, int limit, int afterIndex) {
        find(tenant, id);
        List<Object[]> idsAndSizes = em.createQuery("SELECT j.id, coalesce(length(j.result), 0) FROM Job j "
                        + "WHERE j.batchId = :batch AND j.batchIndex > :after ORDER BY j.batchIndex", Object[].class)
                .setParameter("batch", id)
                .setParameter("after", afterIndex)
                .setMaxResults(limit + 1)
                .getResultList();
        JobRepository.Slice slice = jobs.load(idsAndSizes, limit);
        List<Job> shown = slice.shown();
        String next = slice.more() ? BatchCursor.encode(shown.get(shown.size() - 1).getBatchIndex()) : null;
        return new Page<>(shown.stream().map(JobView::of).toList(), next);
    }

    private Batch find(String tenant, UUID id) {
        Batch batch = em.find(Batch.class, id);
        if (batch == null || !batch.getTenant().equals(tenant)) {
            throw Problems.notFound("batch " + id);
        }
        em.refresh(batch);
        return batch;
    }
}
