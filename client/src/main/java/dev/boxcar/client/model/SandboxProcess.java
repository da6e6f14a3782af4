package dev.boxcar.client.model;

import java.time.Instant;
import java.util.List;

/**
 * A background process of a sandbox (API.md "Process jobs"). Named {@code SandboxProcess} rather
 * than {@code Process} so that it never shadows {@link java.lang.Process} in a caller's imports.
 *
 * @param status   {@code starting}, {@code running}, {@code exited}, {@code killed} or {@code failed}
 * @param command  the command, or the argv joined by spaces when started with argv
 * @param exitCode set when it exited by itself
 * @param signal   the signal that ended it, if one did
 * @param jobId    the job that started it
 * @param error    why it failed or was ended by the server, else null
 */
public record SandboxProcess(String id, String name, String sandboxId, String command, List<String> argv,
                             String status, Integer pid, Integer exitCode, String signal, Instant startedAt,
                             Instant endedAt, String jobId, String error) {

    /** {@code starting} or {@code running}: it has not ended yet. */
    @jakarta.json.bind.annotation.JsonbTransient
    public boolean isAlive() {
        return "starting".equals(status) || "running".equals(status);
    }
}
