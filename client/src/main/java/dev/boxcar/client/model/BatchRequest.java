package dev.boxcar.client.model;

import java.util.List;

/**
 * A batch submission ({@code POST /batches}): 1..1000 exec requests, each run in a throw-away
 * container unless it names a {@code sandboxId}, and an optional URL the finished batch is POSTed to.
 */
public record BatchRequest(List<ExecRequest> jobs, String callbackUrl) {

    public BatchRequest {
        jobs = List.copyOf(jobs);
    }

    public static BatchRequest of(List<ExecRequest> jobs) {
        return new BatchRequest(jobs, null);
    }
}
