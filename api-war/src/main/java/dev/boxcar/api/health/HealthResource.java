package dev.boxcar.api.health;

import dev.boxcar.api.messaging.JobPublisher;
import dev.boxcar.api.waiting.Waiters;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * {@code /health/live} and {@code /health/ready} (no token): ready = database and broker
 * reachable; ready also tells how many long-polls are waiting.
 */
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

    @GET
    @Path("live")
    public Response live() {
        return Response.ok(Json.createObjectBuilder().add("status", "up").build().toString()).build();
    }

    @GET
    @Path("ready")
    public Response ready() {
        boolean database = databaseReachable();
        boolean broker = publisher.brokerReachable();
        boolean up = database && broker;
        String body = Json.createObjectBuilder()
                .add("status", up ? "up" : "down")
                .add("database", database ? "up" : "down")
                .add("broker", broker ? "up" : "down")
                .add("longPolls", waiters.size())
                .build().toString();
        return Response.status(up ? 200 : 503).entity(body).build();
    }

    private boolean databaseReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
