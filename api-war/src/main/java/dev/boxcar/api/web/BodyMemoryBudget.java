package dev.boxcar.api.web;

import dev.boxcar.api.problem.ProblemResponses;
import dev.boxcar.api.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the request bodies the API holds at once. A 10 MiB submission costs several times its
 * size in the heap while it is read, parsed and stored, so six at once exhausted the 384 MiB heap
 * and answered 500. Each request with a body takes its size (its Content-Length, else the body
 * limit) from a budget of {@link #BUDGET_BYTES} and gives it back when it has been handled; one
 * that finds no room within {@link #WAIT_SECONDS} gets a 503 with Retry-After. Small bodies
 * (under 64 KiB) pass without counting: they are what nearly every request carries.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class BodyMemoryBudget extends HttpFilter {
    static final long BUDGET_BYTES = 24L << 20;
    /** What a body of unknown length counts as: the largest the API takes by default. */
    private static final long UNKNOWN_LENGTH_BYTES = 10L << 20;
    private static final long FREE_BELOW_BYTES = 64L << 10;
    private static final int WAIT_SECONDS = 10;
    /** Permits are KiB, so that the budget fits a Semaphore's int. */
    private static final Semaphore BUDGET = new Semaphore((int) (BUDGET_BYTES >> 10), true);

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long length = request.getContentLengthLong();
        boolean hasBody = length > 0 || (length < 0 && request.getHeader("Transfer-Encoding") != null);
        if (!hasBody || (length >= 0 && length < FREE_BELOW_BYTES)) {
            chain.doFilter(request, response);
            return;
        }
        // An unknown length counts as the largest body allowed; a larger one is refused later (413).
        int permits = (int) (Math.min(BUDGET_BYTES, length < 0 ? UNKNOWN_LENGTH_BYTES : length) >> 10);
        boolean admitted;
        try {
            admitted = BUDGET.tryAcquire(Math.max(1, permits), WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            ProblemResponses.write(response, Problems.unavailable("too many large requests are being handled "
                    + "at once; try again shortly").retryAfter(2));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            BUDGET.release(Math.max(1, permits));
        }
    }
}
