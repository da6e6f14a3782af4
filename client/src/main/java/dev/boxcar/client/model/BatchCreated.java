package dev.boxcar.client.model;

import java.util.List;

/** The answer to a batch submission: its id and its jobs' ids in the order they were given. */
public record BatchCreated(String id, Integer total, List<String> jobIds) {
}
