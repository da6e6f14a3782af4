package dev.boxcar.api.waiting;

import dev.boxcar.api.job.JobView;
import dev.boxcar.api.job.JobStore;
import dev.boxcar.api.problem.ProblemException;
import dev.boxcar.api.problem.ProblemResponses;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The suspended requests waiting for jobs to finish. A waiter costs a map entry; it is answered
 * when its job's notification arrives or when its wait runs out, whichever comes first.
 */
@ApplicationScoped
public class JobWaiters {
    private static final Logger LOG = Logger.getLogger(JobWaiters.class.getName());

    @Inject
    JobStore store;
    @Resource
    ManagedExecutorService executor;

    /** How long a finished job's notification is remembered for waiters that register late. */
    private static final long RECENT_MILLIS = 60_000;

    private final Map<UUID, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final Map<UUID, Long> recentlyFinished = new ConcurrentHashMap<>();

    /** How a waiter's answer is built from the job's state when it wakes. */
    private record Waiter(UUID jobId, String tenant, AsyncResponse response, Function<JobView, Response> render) {
    }

    /**
     * Answers {@code response} with the job once it is finished or after {@code seconds},
     * whichever is first. {@code render} builds the answer (200 for finished jobs, 202 otherwise).
     */
    public void await(UUID jobId, String tenant, int seconds, AsyncResponse response,
                      Function<JobView, Response> render) {
        Waiter waiter = new Waiter(jobId, tenant, response, render);
        response.setTimeout(seconds, TimeUnit.SECONDS);
        response.setTimeoutHandler(r -> executor.execute(() -> answer(waiter)));
        waiters.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
        // The job may have finished between the caller's read and the registration above; its
        // notification then came first and is remembered (jobFinished records before it wakes),
        // so no database read per waiter is needed to close that gap.
        if (recentlyFinished.containsKey(jobId)) {
            executor.execute(() -> answer(waiter));
        }
    }

    /** A job reached a final status: answer everyone waiting for it. */
    public void jobFinished(UUID jobId) {
        long now = System.currentTimeMillis();
        recentlyFinished.put(jobId, now);
        Set<Waiter> woken = waiters.remove(jobId);
        if (woken != null && !woken.isEmpty()) {
            executor.execute(() -> woken.forEach(this::answer));
        }
        if (recentlyFinished.size() > 10_000 || now % 100 == 0) {
            recentlyFinished.values().removeIf(at -> at < now - RECENT_MILLIS);
        }
    }

    /** Notifications may have been missed (listener reconnected): let every waiter look again. */
    public void recheckAll() {
        waiters.values().forEach(set -> set.forEach(w -> executor.execute(() -> {
            if (answerIfFinished(w)) {
                forget(w);
            }
        })));
    }

    public int size() {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }

    private boolean answerIfFinished(Waiter waiter) {
        try {
            JobView view = store.view(waiter.tenant(), waiter.jobId());
            if (view.isFinished()) {
                waiter.response().resume(waiter.render().apply(view));
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            return fail(waiter, e);
        }
    }

    private void answer(Waiter waiter) {
        forget(waiter);
        try {
            waiter.response().resume(waiter.render().apply(store.view(waiter.tenant(), waiter.jobId())));
        } catch (RuntimeException e) {
            fail(waiter, e);
        }
    }

    private boolean fail(Waiter waiter, RuntimeException e) {
        if (e instanceof ProblemException problem) {
            waiter.response().resume(ProblemResponses.of(problem));
        } else {
            LOG.log(Level.WARNING, "could not answer a long-poll for job " + waiter.jobId(), e);
            waiter.response().resume(ProblemResponses.ofStatus(503, "Service unavailable",
                    "the job's state could not be read; try again"));
        }
        return true;
    }

    private void forget(Waiter waiter) {
        waiters.computeIfPresent(waiter.jobId(), (id, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
    }
}
