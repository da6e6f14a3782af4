package dev.boxcar.core.job;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Turns the state machine of {@link JobStatus} into the guards of conditional SQL updates, so
 * status changes made in SQL (claims, sweeps, cancellations) follow exactly the same edges as
 * changes made on entities.
 */
public final class JobTransitions {
    private JobTransitions() {
    }

    /** A SQL list such as {@code ('queued','running')} of every status that may move to {@code target}. */
    public static String sourcesOf(JobStatus target) {
        String list = Arrays.stream(JobStatus.values())
                .filter(from -> from.canMoveTo(target))
                .map(from -> "'" + from.wireName() + "'")
                .collect(Collectors.joining(","));
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no status may move to " + target.wireName());
        }
        return "(" + list + ")";
    }

    /** The guard for one specific edge; throws when the edge does not exist. */
    public static String edge(JobStatus from, JobStatus to) {
        from.checkMoveTo(to);
        return "'" + from.wireName() + "'";
    }
}
