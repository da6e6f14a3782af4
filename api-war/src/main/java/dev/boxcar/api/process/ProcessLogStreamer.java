package dev.boxcar.api.process;

import dev.boxcar.api.waiting.SseOutput;
import dev.boxcar.core.process.SandboxProcess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** A process's output as Server-Sent Events, read from its record (kept current by any worker). */
@ApplicationScoped
public class ProcessLogStreamer {
    @Inject
    ProcessStore store;
    @Inject
    SseOutput output;

    public void stream(String tenant, String sandboxId, String processId, SseEventSink sink, Sse sse) {
        output.stream(tenant, sink, sse, () -> {
            SandboxProcess p = store.find(tenant, sandboxId, processId);
            String end = !p.hasEnded() ? null : Json.createObjectBuilder()
                    .add("status", p.getStatus())
                    .add("exitCode", p.getExitCode() == null ? -1 : p.getExitCode())
                    .build().toString();
            return new SseOutput.Snapshot(p.getStdout(), p.getStdoutTotal(), p.getStderr(), p.getStderrTotal(), end);
        });
    }
}
