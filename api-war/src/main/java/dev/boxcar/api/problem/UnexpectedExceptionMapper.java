package dev.boxcar.api.problem;

import dev.boxcar.core.db.DatabaseFailures;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anything unexpected: a database outage is a 503 with Retry-After (API.md); anything else is
 * logged in full under a reference the client can quote and answered as a bare 500.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());
    private static final int OUTAGE_RETRY_AFTER_SECONDS = 5;

    @Override
    public Response toResponse(Throwable exception) {
        ProblemException problem = unwrapProblem(exception);
        if (problem != null) {
            return ProblemResponses.of(problem);
        }
        if (DatabaseFailures.isOutage(exception)) {
            LOG.log(Level.WARNING, "the database is unreachable: " + exception);
            return ProblemResponses.of(Problems.unavailable("the database is unreachable; try again shortly")
                    .retryAfter(OUTAGE_RETRY_AFTER_SECONDS));
        }
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "unexpected error, reference " + reference, exception);
        return ProblemResponses.ofStatus(500, "Internal server error",
                "an unexpected error occurred; quote reference " + reference + " when reporting it");
    }

    /** Transactions and CDI wrap what our code throws; find the problem inside. */
    private static ProblemException unwrapProblem(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p;
            }
        }
        return null;
    }
}
