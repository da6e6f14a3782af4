package dev.boxcar.client;

import static dev.boxcar.client.UrlParts.encode;
import static dev.boxcar.client.UrlParts.query;

import dev.boxcar.client.model.Batch;
import dev.boxcar.client.model.BatchCreated;
import dev.boxcar.client.model.BatchRequest;
import dev.boxcar.client.model.ExecRequest;
import dev.boxcar.client.model.Job;
import dev.boxcar.client.model.Page;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Batches: many exec jobs submitted at once and followed together (API.md "Batches"). */
public final class BatchOperations {
    private final ApiCalls api;

    BatchOperations(ApiCalls api) {
        this.api = api;
    }

    /** Submits the jobs (1..1000) as one batch; an invalid item rejects the whole batch (400 naming {@code jobs[i].field}). */
    public BatchCreated submit(List<ExecRequest> jobs) {
        return submit(BatchRequest.of(jobs), null);
    }

    /** Submits a batch, optionally with a callback URL, under the caller's Idempotency-Key (or a generated one when null). */
    public BatchCreated submit(BatchRequest batch, String idempotencyKey) {
        return api.read(Call.postJson("/batches", batch, api.idempotencyKey(idempotencyKey)), BatchCreated.class);
    }

    /** The batch's progress now. */
    public Batch get(String batchId) {
        return api.read(Call.get(path(batchId)), Batch.class);
    }

    /**
     * Waits until every job of the batch finished or {@code timeout} passed; returns the batch as
     * it then is (check {@link Batch#done()}).
     */
    public Batch await(String batchId, Duration timeout) {
        return ApiCalls.awaitUntil(timeout, wait -> get(batchId, wait), (batch, wait) -> get(batchId, wait), Batch::done);
    }

    /** One page of the batch's jobs, in submission order. */
    public Page<Job> jobs(String batchId, int limit, String cursor) {
        return api.page(path(batchId) + "/jobs" + query("limit", limit, "cursor", cursor), Job.class);
    }

    /** Every job of the batch in submission order, fetched page by page as the stream is consumed. */
    public Stream<Job> jobs(String batchId) {
        return Pages.all(cursor -> jobs(batchId, 100, cursor));
    }

    /** Cancels every job of the batch that has not finished; returns the batch. */
    public Batch cancel(String batchId) {
        return api.read(Call.delete(path(batchId)), Batch.class);
    }

    private Batch get(String batchId, int waitSeconds) {
        return api.read(Call.get(path(batchId) + query("wait", waitSeconds)).waitingUpTo(Duration.ofSeconds(waitSeconds)),
                Batch.class);
    }

    private static String path(String batchId) {
        return "/batches/" + encode(batchId);
    }
}
