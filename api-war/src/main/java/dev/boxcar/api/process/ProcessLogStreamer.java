package dev.boxcar.api.process;

import dev.boxcar.api.waiting.SseOutput;
import dev.boxcar.core.process.SandboxProcess;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * Server-Sent Events of a process's output: events {@code stdout} / {@code stderr} carry what is
 * new (the event id is the stream's byte offset after it), then one {@code end} event with the
 * process once it ended. Polls the record every half second, so it sees what any worker stored.
 */
@ApplicationScoped
public class ProcessLogStreamer {
    private static final long POLL_MILLIS = 500;

    @Inject
    ProcessStore store;
    @Resource
    ManagedExecutorService executor;

    public void stream(String tenant, String sandboxId, String processId, SseEventSink sink, Sse sse) {
        executor.execute(() -> {
            long stdoutSent = 0;
            long stderrSent = 0;
            try (sink) {
                while (!sink.isClosed()) {
                    SandboxProcess process = store.find(tenant, sandboxId, processId);
                    stdoutSent = SseOutput.sendNew(sink, sse, "stdout", process.getStdout(), process.getStdoutTotal(), stdoutSent);
                    stderrSent = SseOutput.sendNew(sink, sse, "stderr", process.getStderr(), process.getStderrTotal(), stderrSent);
                    if (process.hasEnded()) {
                        sink.send(sse.newEventBuilder().name("end").mediaType(MediaType.APPLICATION_JSON_TYPE)
                                .data(String.class, Json.createObjectBuilder()
                                        .add("status", process.getStatus())
                                        .add("exitCode", process.getExitCode() == null ? -1 : process.getExitCode())
                                        .build().toString())
                                .build());
                        return;
                    }
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException clientGoneOrProcessGone) {
                // The client closed the stream or the record went away: nothing more to send.
            }
        });
    }
}
