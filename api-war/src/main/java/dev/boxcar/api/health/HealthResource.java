package dev.boxcar.api.health;

import dev.boxcar.api.config.ApiConfig;
import dev.boxcar.api.messaging.JobPublisher;
import dev.boxcar.api.waiting.Waiters;
import dev.boxcar.core.db.DatabaseFailures;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import dev.boxcar.api.openapi.Documented;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /health/live} and {@code /health/ready} (no token): ready = database and broker
 * reachable; ready also tells how many long-polls are waiting.
 */
@Tag(name = Documented.TAG_HEALTH)
@RequestScoped
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    @Resource(lookup = "java:jboss/datasources/BoxcarDS")
    DataSource dataSource;
    @Inject
    JobPublisher publisher;
    @Inject
    Waiters waiters;
    @Inject
    ApiConfig config;

    @Operation(summary = "Liveness")
    @APIResponse(responseCode = "200", description = "Up")
    @GET
    @Path("live")
    public Response live() {
        return Response.ok(Json.createObjectBuilder().add("status", "up").build().toString()).build();
    }

    /** 503 when a dependency is away, with {@code reasons} saying which and why (for operators). */
    @Operation(summary = "Readiness: database and broker reachable")
    @APIResponse(responseCode = "200", description = "Ready")
    @APIResponse(responseCode = "503", description = "Not ready; reasons says why")
    @GET
    @Path("ready")
    public Response ready() {
        List<String> reasons = new ArrayList<>();
        boolean database = databaseReachable(reasons);
        boolean broker = publisher.brokerReachable();
        if (!broker) {
            reasons.add("broker unreachable at " + config.brokerUrl() + " (jobs are accepted and dispatched once it is back)");
        }
        boolean up = database && broker;
        JsonArrayBuilder why = Json.createArrayBuilder();
        reasons.forEach(why::add);
        String body = Json.createObjectBuilder()
                .add("status", up ? "up" : "down")
                .add("database", database ? "up" : "down")
                .add("broker", broker ? "up" : "down")
                .add("longPolls", waiters.size())
                .add("reasons", why)
                .build().toString();
        return Response.status(up ? 200 : 503).entity(body).build();
    }

    /**
     * A query rather than {@code isValid}: a failing statement reaches the pool's exception sorter,
     * which replaces the pool's dead connections after a database restart.
     */
    private boolean databaseReachable(List<String> reasons) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            statement.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            reasons.add("database unreachable: " + DatabaseFailures.summary(e));
        }
        return false;
    }
}
