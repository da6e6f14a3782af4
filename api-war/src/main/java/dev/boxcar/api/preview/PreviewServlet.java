package dev.boxcar.api.preview;

import dev.boxcar.api.problem.ProblemException;
import dev.boxcar.api.problem.ProblemResponses;
import dev.boxcar.api.problem.Problems;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ScheduledFuture;
import java.util.regex.Pattern;

/**
 * Preview URLs (API.md "Ports"): {@code /preview/{token}/path?query} is proxied to the exposed
 * port inside the sandbox, through a worker's relay and the sandbox's agent, so it works with
 * network {@code none}. The token is the only credential. Requests, streamed responses and
 * WebSocket upgrades pass; the sandbox's answer is read with bounds ({@link HttpHead}).
 */
@WebServlet(urlPatterns = "/preview/*", asyncSupported = true)
public class PreviewServlet extends HttpServlet {
    static final String PREFIX = "/preview/";
    private static final Pattern TOKEN = Pattern.compile("^[0-9a-f]{48}$");
    /** The most a sandbox's server may take to take the request and answer its head. */
    static final long HEAD_DEADLINE_MS = 60_000;

    @Inject
    SandboxPorts ports;
    @Inject
    OpenPreviews previews;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        try {
            proxy(request, response);
        } catch (ProblemException problem) {
            if (!response.isCommitted()) {
                response.reset();
                ProblemResponses.write(response, problem);
            }
        }
    }

    private void proxy(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String afterPrefix = path.length() > PREFIX.length() ? path.substring(PREFIX.length()) : "";
        int slash = afterPrefix.indexOf('/');
        String token = slash < 0 ? afterPrefix : afterPrefix.substring(0, slash);
        if (!TOKEN.matcher(token).matches()) {
            throw Problems.notFound("preview URL");
        }
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        if (slash < 0) {
            // Relative links of the page resolve under the token only with the trailing slash.
            response.setStatus(308);
            response.setHeader("Location", request.getContextPath() + PREFIX + token + "/" + query);
            return;
        }
        SandboxPorts.Route route = ports.route(token).orElseThrow(() -> Problems.notFound("preview URL"));
        if (route.relayAddress() == null) {
            throw Problems.unavailable("no worker can relay preview connections right now").retryAfter(2);
        }
        if ("script".equalsIgnoreCase(request.getHeader("Service-Worker"))) {
            // A service worker registered from a preview would control the API's whole origin.
            throw Problems.forbidden("preview pages may not register service workers");
        }
        if (!previews.enterHandshake()) {
            throw Problems.unavailable("this server is waiting for as many sandboxes' answers as it may").retryAfter(1);
        }
        try {
            exchange(request, response, token, route, afterPrefix.substring(slash) + query);
        } finally {
            previews.leaveHandshake();
        }
    }

    /**
     * Sends the request and reads the answer's head on the request thread, within
     * {@link #HEAD_DEADLINE_MS} whatever the sandbox's server does; the body or the tunnel then
     * runs on the preview threads.
     */
    private void exchange(HttpServletRequest request, HttpServletResponse response, String token,
                          SandboxPorts.Route route, String target) throws IOException, ServletException {
        PreviewConnection connection = previews.open(token, route.relayAddress());
        if (connection == null) {
            throw Problems.unavailable("this server or this port holds as many preview connections as it may").retryAfter(1);
        }
        boolean handedOver = false;
        try {
            ForwardedRequest forwarded = new ForwardedRequest(request, target, route.port(), PREFIX + token);
            HttpHead head;
            ScheduledFuture<?> deadline = previews.closeAfter(connection, HEAD_DEADLINE_MS);
            try {
                try {
                    forwarded.send(connection.out());
                } catch (IOException e) {
                    throw Problems.badGateway("the server on the sandbox's port did not take the request in time: "
                            + e.getMessage());
                }
                head = readHead(connection);
            } finally {
                deadline.cancel(false);
            }
            if (head.status() == 101) {
                if (!forwarded.upgrade()) {
                    throw Problems.badGateway("the server on the sandbox's port switched protocols unasked");
                }
                PreviewTunnel tunnel = request.upgrade(PreviewTunnel.class);
                tunnel.attach(connection, previews);
                ProxiedResponse.writeHead(response, head);
                handedOver = true;
                return;
            }
            ProxiedResponse.writeHead(response, head);
            if (!ProxiedResponse.hasBody(request.getMethod(), head)) {
                return;
            }
            connection.streaming();
            AsyncContext async = request.startAsync();
            async.setTimeout(0);
            InputStream body = ProxiedResponse.body(connection.in(), head);
            OutputStream out = response.getOutputStream();
            previews.execute(() -> {
                try {
                    ProxiedResponse.copy(body, out);
                } catch (IOException | RuntimeException e) {
                    // the client or the sandbox's server went away, or broke the framing: the connection is over
                } finally {
                    connection.close();
                    async.complete();
                }
            });
            handedOver = true;
        } finally {
            if (!handedOver) {
                connection.close();
            }
        }
    }

    /** The response head; a server that breaks HTTP gets the client a 502. */
    private static HttpHead readHead(PreviewConnection connection) throws IOException {
        try {
            return HttpHead.read(connection.in());
        } catch (IOException e) {
            throw Problems.badGateway("the server on the sandbox's port did not answer with HTTP: " + e.getMessage());
        }
    }
}
