package dev.boxcar.api.process;

import dev.boxcar.core.json.Json;
import dev.boxcar.core.json.Timestamps;
import dev.boxcar.core.process.SandboxProcess;
import java.util.List;

/** API.md "Process" as the API shows it. */
public record ProcessView(String id, String name, String sandboxId, String command, List<String> argv, String status,
                          Integer pid, Integer exitCode, String signal, String startedAt, String endedAt, String jobId,
                          String error) {

    @SuppressWarnings("unchecked")
    public static ProcessView of(SandboxProcess p) {
        return new ProcessView(p.getId().toString(), p.getName(), p.getSandboxId(), p.getCommand(),
                Json.read(p.getArgv(), List.class), p.getStatus(), p.getPid(), p.getExitCode(), p.getSignal(),
                Timestamps.format(p.getStartedAt()), Timestamps.format(p.getEndedAt()),
                p.getJobId() == null ? null : p.getJobId().toString(), p.getError());
    }
}
