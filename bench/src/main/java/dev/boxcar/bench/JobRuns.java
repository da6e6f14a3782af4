package dev.boxcar.bench;

import jakarta.json.JsonObject;

/** Submitting a job and waiting for its result, the way a polling client does. */
final class JobRuns {
    private JobRuns() {
    }

    /** POSTs a job (202 expected), then long-polls it; fails unless it completed. */
    static JsonObject submitAndAwait(Api api, String path, String body) {
        String jobId = Api.expect(202, api.post(path, body), "submit to " + path).json().getString("id");
        JsonObject job = api.awaitJob(jobId);
        if (!"completed".equals(job.getString("status"))) {
            throw new IllegalStateException("job " + jobId + " did not complete: " + job);
        }
        return job;
    }
}
