package dev.boxcar.worker.execution;

import java.util.Arrays;

/**
 * The per-stream output cap, enforced by the worker on what the agent reports (README "Security
 * model", P3): an agent's claim about truncation is not trusted, and more bytes than the cap are
 * never stored.
 */
public record OutputCap(long maxBytes) {

    public byte[] cut(byte[] output) {
        if (output == null) {
            return new byte[0];
        }
        return output.length > maxBytes ? Arrays.copyOf(output, (int) maxBytes) : output;
    }

    /** Truncated when the agent says so or when it sent more than the cap. */
    public boolean truncated(byte[] output, boolean agentSaysTruncated) {
        return agentSaysTruncated || (output != null && output.length > maxBytes);
    }
}
