package dev.boxcar.api.batch;

import java.util.List;

/** The answer to {@code POST /batches}: the batch id and its jobs' ids in the order given. */
public record BatchCreated(String id, int total, List<String> jobIds) {
}
