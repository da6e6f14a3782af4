package dev.boxcar.core.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The state machine of {@link SandboxStatus}: which status may follow which, checked by the
 * entity's methods and turned into the guards of the conditional SQL updates (the store's
 * {@code SandboxStates}), so that a destroy racing a container start can never turn
 * {@code destroying} back into {@code running}.
 */
public final class SandboxTransitions {
    private static final Map<String, Set<String>> NEXT = Map.of(
            SandboxStatus.PENDING, Set.of(SandboxStatus.RUNNING, SandboxStatus.FAILED, SandboxStatus.DESTROYING,
                    SandboxStatus.LOST),
            // running -> running: the container was replaced (it vanished, or could not be trusted).
            SandboxStatus.RUNNING, Set.of(SandboxStatus.RUNNING, SandboxStatus.STOPPED, SandboxStatus.FAILED,
                    SandboxStatus.DESTROYING, SandboxStatus.LOST),
            SandboxStatus.STOPPED, Set.of(SandboxStatus.RUNNING, SandboxStatus.FAILED, SandboxStatus.DESTROYING,
                    SandboxStatus.LOST),
            SandboxStatus.FAILED, Set.of(SandboxStatus.RUNNING, SandboxStatus.FAILED, SandboxStatus.DESTROYING,
                    SandboxStatus.LOST),
            // lost -> pending: recreated on a live host by its next job; lost -> stopped: its host came back.
            SandboxStatus.LOST, Set.of(SandboxStatus.PENDING, SandboxStatus.STOPPED, SandboxStatus.DESTROYING),
            SandboxStatus.DESTROYING, Set.of(SandboxStatus.DESTROYED),
            SandboxStatus.DESTROYED, Set.of());

    /** Every status, in a stable order. */
    public static final List<String> ALL = List.of(SandboxStatus.PENDING, SandboxStatus.RUNNING, SandboxStatus.STOPPED,
            SandboxStatus.FAILED, SandboxStatus.LOST, SandboxStatus.DESTROYING, SandboxStatus.DESTROYED);

    private SandboxTransitions() {
    }

    public static boolean canMove(String from, String to) {
        Set<String> next = NEXT.get(from);
        if (next == null || !NEXT.containsKey(to)) {
            throw new IllegalArgumentException("unknown sandbox status " + (next == null ? from : to));
        }
        return next.contains(to);
    }

    public static void checkMove(String from, String to) {
        if (!canMove(from, to)) {
            throw new IllegalStateException("a sandbox cannot go from " + from + " to " + to);
        }
    }

    /** A SQL list such as {@code ('pending','stopped')} of every status that may move to {@code to}. */
    public static String sourcesOf(String to) {
        String list = ALL.stream().filter(from -> canMove(from, to)).map(from -> "'" + from + "'")
                .collect(Collectors.joining(","));
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no sandbox status may move to " + to);
        }
        return "(" + list + ")";
    }
}
