/**
 * The Boxcar Java client: {@link dev.boxcar.client.BoxcarClient} and its groups of calls
 * (sandboxes, jobs, processes, files, batches) over the HTTP API of shared/API.md.
 *
 * <p>Only the public classes here and in {@code dev.boxcar.client.model} are the client's API; the
 * package-private ones are its plumbing (transport with retries and failover, JSON mapping,
 * problem+json and Retry-After parsing, Server-Sent Events parsing, paging).
 */
package dev.boxcar.client;
