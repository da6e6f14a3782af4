package dev.boxcar.worker.container;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A Docker HTTP client whose every exchange (request, answer and body) ends by a deadline. The
 * transport's own response timeout does not hold on a unix socket (its socket ignores
 * {@code SO_TIMEOUT}), and an engine that stops answering (seen: a {@code start} of a container
 * whose shim had died) then held a worker's job thread in a read for good, with the job
 * "running" and the worker's heartbeat fine. Here a watchdog interrupts the calling thread when the
 * deadline passes; the unix socket is an interruptible channel, so the read ends and the
 * connection is closed, and the call fails as a {@link DockerException} (HTTP status 504) that
 * the callers already turn into an error for the job. The deadline is per call, not per job.
 *
 * <p>On a {@code tcp://} engine an interrupt does not end a blocking read; there the transport's
 * response timeout bounds each read instead. Answers are read whole into memory: right for the
 * worker's one-shot calls (create, start, stop, remove, inspect, list), wrong for streams
 * (attach, logs, events), which must not go through this client.
 */
public final class DeadlineDockerHttpClient implements DockerHttpClient {
    /** One thread for every worker's watchdog alarms: they only ever interrupt a thread. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final DockerHttpClient transport;
    private final Duration deadline;

    public DeadlineDockerHttpClient(DockerHttpClient transport, Duration deadline) {
        this.transport = transport;
        this.deadline = deadline;
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "boxcar-docker-deadline");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    @Override
    public Response execute(Request request) {
        Exchange exchange = new Exchange(Thread.currentThread());
        ScheduledFuture<?> alarm = WATCHDOG.schedule(exchange::expire, deadline.toMillis(), TimeUnit.MILLISECONDS);
        Response answered;
        try {
            answered = readWhole(request);
        } catch (RuntimeException e) {
            throw exchange.finish() ? e : expired(request, e);
        } finally {
            // Whatever ended the call (an Error too): the alarm's interrupt goes with it.
            exchange.finish();
            alarm.cancel(false);
        }
        // A whole answer counts, even when the alarm went off as it arrived: a container that
        // was created must not be reported as not created.
        return answered;
    }

    /** The answer with its body in memory, so that the deadline covers reading it too (the engine's answers here are small JSON). */
    private Response readWhole(Request request) {
        try (Response response = transport.execute(request)) {
            InputStream body = response.getBody();
            return new Buffered(response.getStatusCode(), response.getHeaders(),
                    body == null ? new byte[0] : body.readAllBytes());
        } catch (IOException e) {
            throw new DockerException("reading Docker's answer to " + request.method() + " " + request.path()
                    + " failed: " + e.getMessage(), 502, e);
        }
    }

    /**
     * The failure of a call cut by its deadline. Its cause is never a {@link DockerException}:
     * docker-java throws such a cause in place of the exception that carries it.
     */
    private DockerException expired(Request request, RuntimeException failure) {
        Throwable cause = failure instanceof DockerException ? failure.getCause() : failure;
        return new DockerException("Docker did not answer " + request.method() + " " + request.path() + " within "
                + deadline.toSeconds() + " s", 504, cause);
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }

    /**
     * One call's race between its end and its alarm, decided under a lock: an alarm that loses
     * interrupts nobody, and a call that loses clears the interrupt it was sent (unless the
     * thread had been interrupted already, for another reason), so the thread goes on with no
     * stray interrupt to trip over in its next wait.
     */
    private static final class Exchange {
        private final Thread caller;
        private boolean finished;
        private boolean expired;
        private boolean interruptedBefore;

        Exchange(Thread caller) {
            this.caller = caller;
        }

        synchronized void expire() {
            if (!finished) {
                expired = true;
                interruptedBefore = caller.isInterrupted();
                caller.interrupt();
            }
        }

        /** True when the call ended before its deadline; the first call clears the alarm's interrupt. */
        synchronized boolean finish() {
            if (!finished) {
                finished = true;
                if (expired && !interruptedBefore) {
                    Thread.interrupted();
                }
            }
            return !expired;
        }
    }

    private record Buffered(int status, Map<String, List<String>> headers, byte[] body) implements Response {
        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return headers;
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public void close() {
            // Nothing held: the body is in memory, and readWhole closed the transport's answer.
        }
    }
}
