package dev.boxcar.api.web;

import dev.boxcar.api.problem.ProblemResponses;
import dev.boxcar.api.problem.ProblemException;
import dev.boxcar.api.problem.Problems;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page of the servlet container (WEB-INF/web.xml): errors the container answers itself,
 * before any JAX-RS resource runs, are problem+json too, never its HTML page (API.md "Conventions").
 */
@WebServlet(urlPatterns = "/.boxcar-error", asyncSupported = true)
public class ContainerErrorServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer c && c >= 400 && c <= 599 ? c : 404;
        if (status >= 500) {
            // The container failed on its own (it logs why); to the client this is a retryable outage.
            status = 503;
        }
        ProblemResponses.write(response, new ProblemException(status, Problems.typeFor(status),
                status == 404 ? "Not Found" : status == 503 ? "Service Unavailable" : "Bad Request",
                "the server could not handle this request (HTTP " + status + ")"));
    }
}
