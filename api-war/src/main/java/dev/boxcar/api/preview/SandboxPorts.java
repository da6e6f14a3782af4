package dev.boxcar.api.preview;

import dev.boxcar.api.problem.Problems;
import dev.boxcar.api.sandbox.SandboxRepository;
import dev.boxcar.core.json.Timestamps;
import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.core.sandbox.SandboxStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The ports sandboxes expose (API.md "Ports"). A port's token is the whole capability of its
 * preview URL, so it is 24 random bytes; the URL is built from the base the client called (or
 * {@code BOXCAR_PUBLIC_URL}) when it is shown, never stored.
 */
@ApplicationScoped
public class SandboxPorts {
    /** More than a development server and its tools ever need; a runaway client gets a 409. */
    static final int MAX_PORTS_PER_SANDBOX = 32;
    /** A worker whose heartbeat is older is not trusted to relay. */
    private static final int RELAY_HEARTBEAT_SECONDS = 15;
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "boxcar")
    EntityManager em;
    @Inject
    SandboxRepository sandboxes;

    /** An exposed port as stored; {@link #view} adds the URL. */
    public record Port(int port, String name, String token, Instant createdAt) {
        public PortView view(String previewBase) {
            return new PortView(port, name, previewBase + token + "/", Timestamps.format(createdAt));
        }
    }

    /** What a POST did: {@code created} is false when the port was exposed already. */
    public record Exposed(Port port, boolean created) {
    }

    /** Where a preview request goes: the port, and a live worker's relay to dial. */
    public record Route(int port, String relayAddress) {
    }

    @Transactional
    public Exposed expose(String tenant, String sandboxId, PortRequest request) {
        // The row lock orders exposures of one sandbox, so the count below is not raced past.
        Sandbox sandbox = exposable(tenant, sandboxId, LockModeType.PESSIMISTIC_WRITE);
        Optional<Port> existing = find(sandbox.getPk(), request.port());
        if (existing.isPresent()) {
            return new Exposed(existing.get(), false);
        }
        long count = ((Number) em.createNativeQuery("SELECT count(*) FROM sandbox_ports WHERE sandbox_pk = :pk")
                .setParameter("pk", sandbox.getPk()).getSingleResult()).longValue();
        if (count >= MAX_PORTS_PER_SANDBOX) {
            throw Problems.conflict("sandbox " + sandboxId + " already exposes " + MAX_PORTS_PER_SANDBOX
                    + " ports; close one first");
        }
        em.createNativeQuery("INSERT INTO sandbox_ports (sandbox_pk, port, name, token) VALUES (:pk, :port, :name, :token)")
                .setParameter("pk", sandbox.getPk())
                .setParameter("port", request.port())
                .setParameter("name", request.name() == null ? "" : request.name())
                .setParameter("token", newToken())
                .executeUpdate();
        return new Exposed(find(sandbox.getPk(), request.port()).orElseThrow(), true);
    }

    @Transactional
    public List<Port> list(String tenant, String sandboxId) {
        return rows(exposable(tenant, sandboxId, LockModeType.NONE).getPk(), null);
    }

    /** Closes one port; its open preview connections are cut by {@link OpenPreviews}. */
    @Transactional
    public String close(String tenant, String sandboxId, int port) {
        Sandbox sandbox = exposable(tenant, sandboxId, LockModeType.NONE);
        Port closed = find(sandbox.getPk(), port).orElseThrow(() -> Problems.notFound("port " + port));
        em.createNativeQuery("DELETE FROM sandbox_ports WHERE sandbox_pk = :pk AND port = :port")
                .setParameter("pk", sandbox.getPk())
                .setParameter("port", port)
                .executeUpdate();
        return closed.token();
    }

    /**
     * The port behind a preview token while its sandbox runs, and the relay of a live worker of
     * the sandbox's Docker host to reach it through.
     */
    @Transactional
    public Optional<Route> route(String token) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT p.port, (SELECT w.relay_address FROM workers w "
                        + "WHERE w.relay_address IS NOT NULL AND (s.host_id IS NULL OR w.host_id = s.host_id) "
                        + "AND w.heartbeat_at > now() - make_interval(secs => :fresh) ORDER BY random() LIMIT 1) "
                        + "FROM sandbox_ports p JOIN sandboxes s ON s.pk = p.sandbox_pk "
                        + "WHERE p.token = :token AND s.status = 'running'")
                .setParameter("token", token)
                .setParameter("fresh", RELAY_HEARTBEAT_SECONDS)
                .getResultList();
        return rows.stream().findFirst()
                .map(row -> new Route(((Number) row[0]).intValue(), (String) row[1]));
    }

    /** Of these tokens, the ones that still lead to a port of a running sandbox. */
    @Transactional
    public Set<String> stillOpen(Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<String> open = em.createNativeQuery("SELECT p.token FROM sandbox_ports p JOIN sandboxes s "
                        + "ON s.pk = p.sandbox_pk WHERE p.token = ANY(CAST(:tokens AS text[])) AND s.status = 'running'",
                        String.class)
                .setParameter("tokens", "{" + String.join(",", tokens) + "}")
                .getResultList();
        return new HashSet<>(open);
    }

    /** The tenant's sandbox under this id, if it is not being destroyed: else 404 and nothing changes. */
    private Sandbox exposable(String tenant, String sandboxId, LockModeType lock) {
        return sandboxes.findLive(tenant, sandboxId, lock)
                .filter(s -> !SandboxStatus.DESTROYING.equals(s.getStatus()))
                .orElseThrow(() -> Problems.notFound("sandbox " + sandboxId));
    }

    private Optional<Port> find(UUID sandboxPk, int port) {
        return rows(sandboxPk, port).stream().findFirst();
    }

    @SuppressWarnings("unchecked")
    private List<Port> rows(UUID sandboxPk, Integer port) {
        var query = em.createNativeQuery("SELECT port, name, token, created_at FROM sandbox_ports "
                        + "WHERE sandbox_pk = :pk" + (port == null ? "" : " AND port = :port") + " ORDER BY port")
                .setParameter("pk", sandboxPk);
        if (port != null) {
            query.setParameter("port", port);
        }
        return ((List<Object[]>) query.getResultList()).stream()
                .map(row -> new Port(((Number) row[0]).intValue(), emptyAsNull((String) row[1]), (String) row[2],
                        toInstant(row[3])))
                .toList();
    }

    private static String emptyAsNull(String name) {
        return name == null || name.isEmpty() ? null : name;
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    /** 192 random bits as 48 lowercase hex digits: fits a URL path segment and a DNS label alike. */
    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
