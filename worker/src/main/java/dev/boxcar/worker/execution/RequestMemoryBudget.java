package dev.boxcar.worker.execution;

import java.util.concurrent.Semaphore;

/**
 * Bounds the large job requests a worker handles at once. A 10 MiB exec request (stdin, files)
 * is copied several times on its way to the agent (the row, the parsed spec, the agent's JSON),
 * so two or three at once exhausted the worker's heap (then 128 MiB): the consumer threads died with
 * OutOfMemoryError and their jobs stayed running. Requests under 64 KiB pass without counting.
 */
final class RequestMemoryBudget {
    private static final int FREE_BELOW_CHARS = 64 << 10;
    private final int budgetKib;
    private final Semaphore budget;

    RequestMemoryBudget(long budgetBytes) {
        this.budgetKib = (int) (budgetBytes >> 10);
        this.budget = new Semaphore(budgetKib, true);
    }

    /** Waits until a request of {@code chars} fits; returns what {@link #release} gives back. */
    int acquire(int chars) throws InterruptedException {
        if (chars < FREE_BELOW_CHARS) {
            return 0;
        }
        int permits = Math.min(budgetKib, Math.max(1, chars >> 10));
        budget.acquire(permits);
        return permits;
    }

    void release(int permits) {
        if (permits > 0) {
            budget.release(permits);
        }
    }
}
