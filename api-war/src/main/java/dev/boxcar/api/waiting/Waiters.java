package dev.boxcar.api.waiting;

import dev.boxcar.api.problem.ProblemException;
import dev.boxcar.api.problem.ProblemResponses;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The suspended requests waiting for something (a job, a batch) to finish. A waiter costs a map
 * entry; it is answered when a notification for its key shows it is finished, or when its wait
 * runs out, whichever comes first.
 */
@ApplicationScoped
public class Waiters {
    private static final Logger LOG = Logger.getLogger(Waiters.class.getName());
    /**
     * How long a notification is remembered for waiters that register just after it, and at most
     * how many: the gap it covers is milliseconds, so even at 10,000 notifications a second the
     * oldest forgotten for room is ten seconds old.
     */
    private static final long RECENT_MILLIS = 60_000;
    private static final int RECENT_CAPACITY = 100_000;

    @Resource
    ManagedExecutorService executor;

    private final Map<UUID, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final RecentKeys recentlyNotified = new RecentKeys(RECENT_MILLIS, RECENT_CAPACITY, System::currentTimeMillis);

    /**
     * How to answer: {@code ifFinished} gives the answer when the awaited thing is finished (else
     * empty); {@code current} gives the answer when the wait runs out.
     */
    private record Waiter(UUID key, AsyncResponse response, Supplier<Optional<Response>> ifFinished,
                          Supplier<Response> current, AtomicReference<ScheduledFuture<?>> timeout) {
    }

    /**
     * The ends of the waits. Not {@code AsyncResponse.setTimeout}: RESTEasy builds a context
     * snapshot for each call (a service-loader scan, ~5 % of the API's CPU under load). A suspended
     * request has no timeout of its own (RESTEasy suspends with none), so this timer is what ends it.
     */
    private final ScheduledThreadPoolExecutor timeouts = timer();

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "boxcar-wait-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    @PreDestroy
    void stop() {
        timeouts.shutdownNow();
    }

    public void await(UUID key, int seconds, AsyncResponse response, Supplier<Optional<Response>> ifFinished,
                      Supplier<Response> current) {
        Waiter waiter = new Waiter(key, response, ifFinished, current, new AtomicReference<>());
        waiters.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        waiter.timeout().set(timeouts.schedule(() -> {
            if (forget(waiter)) {
                executor.execute(() -> answer(waiter, waiter.current()));
            }
        }, seconds, TimeUnit.SECONDS));
        // A notification between the caller's read and this registration is remembered (notified
        // records before it wakes), so no database read per waiter is needed to close that gap.
        if (recentlyNotified.contains(key)) {
            executor.execute(() -> answerIfFinished(waiter));
        }
    }

    /** Something changed for {@code key} (a job finished, or a job of a batch): wake its waiters. */
    public void notified(UUID key) {
        recentlyNotified.add(key);
        Set<Waiter> woken = waiters.get(key);
        if (woken != null && !woken.isEmpty()) {
            executor.execute(() -> woken.forEach(this::answerIfFinished));
        }
    }

    /** Notifications may have been missed (the listener reconnected): let every waiter look again. */
    public void recheckAll() {
        waiters.values().forEach(set -> set.forEach(w -> executor.execute(() -> answerIfFinished(w))));
    }

    public int size() {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }

    private void answerIfFinished(Waiter waiter) {
        try {
            Optional<Response> answer = waiter.ifFinished().get();
            if (answer.isPresent() && forget(waiter)) {
                waiter.response().resume(answer.get());
            }
        } catch (RuntimeException e) {
            if (forget(waiter)) {
                fail(waiter, e);
            }
        }
    }

    private void answer(Waiter waiter, Supplier<Response> answer) {
        try {
            waiter.response().resume(answer.get());
        } catch (RuntimeException e) {
            fail(waiter, e);
        }
    }

    private void fail(Waiter waiter, RuntimeException e) {
        if (e instanceof ProblemException problem) {
            waiter.response().resume(ProblemResponses.of(problem));
        } else {
            LOG.log(Level.WARNING, "could not answer a long-poll for " + waiter.key(), e);
            waiter.response().resume(ProblemResponses.ofStatus(503, "Service unavailable",
                    "the state could not be read; try again"));
        }
    }

    /**
     * Takes the waiter out; true for the one caller that did (only that one answers it, and the
     * other way to end the wait is called off).
     */
    private boolean forget(Waiter waiter) {
        boolean[] removed = {false};
        waiters.computeIfPresent(waiter.key(), (k, set) -> {
            removed[0] = set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
        if (removed[0]) {
            ScheduledFuture<?> timeout = waiter.timeout().get();
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
        return removed[0];
    }
}
