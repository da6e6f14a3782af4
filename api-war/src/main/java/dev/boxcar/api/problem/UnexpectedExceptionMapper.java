package dev.boxcar.api.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Anything unexpected: logged in full under a reference the client can quote, answered as a bare 500. */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable exception) {
        ProblemException problem = unwrapProblem(exception);
        if (problem != null) {
            return ProblemResponses.of(problem);
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
