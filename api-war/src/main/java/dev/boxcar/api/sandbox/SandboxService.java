package dev.boxcar.api.sandbox;

import dev.boxcar.api.paging.Cursor;
import dev.boxcar.api.paging.Page;
import dev.boxcar.api.paging.PageRequest;
import dev.boxcar.api.problem.Problems;
import dev.boxcar.api.quota.Quotas;
import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.core.sandbox.SandboxConfig;
import dev.boxcar.core.sandbox.SandboxStatus;
import dev.boxcar.store.SandboxStates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** Creating and finding sandboxes (API.md "Sandboxes"). */
@ApplicationScoped
public class SandboxService {
    @PersistenceContext(unitName = "boxcar")
    EntityManager em;
    /** Every change of a sandbox's status goes through the store, as the workers' do. */
    private final SandboxStates states = new SandboxStates();
    @Inject
    SandboxRepository sandboxes;
    @Inject
    Quotas quotas;
    @Inject
    Placement placement;

    /** The outcome of a PUT: the sandbox and whether this call created it. */
    public record Ensured(Sandbox sandbox, boolean created) {
    }

    /** PUT semantics: create, or return the existing one when every given field matches (else 409). */
    @Transactional
    public Ensured createOrGet(String tenant, String sandboxId, SandboxRequest request) {
        Ensured ensured = ensure(tenant, sandboxId, request.toConfig());
        if (!ensured.created()) {
            List<String> differ = request.differencesFrom(ensured.sandbox().config());
            if (!differ.isEmpty()) {
                throw Problems.conflict("sandbox " + sandboxId + " exists with a different configuration ("
                        + String.join(", ", differ) + "); its configuration is fixed at creation");
            }
        }
        return ensured;
    }

    /**
     * For jobs that name a sandbox: the live one (locked against destruction until the job is
     * committed), created with the defaults when there is none.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Sandbox forNewJob(String tenant, String sandboxId) {
        Sandbox sandbox = sandboxes.findLiveForNewJob(tenant, sandboxId)
                .orElseGet(() -> ensure(tenant, sandboxId, SandboxConfig.defaults()).sandbox());
        if (SandboxStatus.DESTROYING.equals(sandbox.getStatus())) {
            throw Problems.conflict("sandbox " + sandboxId + " is being destroyed; submit again once it is destroyed");
        }
        return recreatedIfLost(sandbox);
    }

    /**
     * For a job that must not create the sandbox (a file read): the live sandbox, 404 when there
     * is none (API.md: only exec, process start and file write create sandboxes).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Sandbox existingForNewJob(String tenant, String sandboxId) {
        Sandbox sandbox = sandboxes.findLiveForNewJob(tenant, sandboxId)
                .orElseThrow(() -> Problems.notFound("sandbox " + sandboxId));
        if (SandboxStatus.DESTROYING.equals(sandbox.getStatus())) {
            throw Problems.conflict("sandbox " + sandboxId + " is being destroyed");
        }
        return recreatedIfLost(sandbox);
    }

    /**
     * A sandbox whose host was lost (API.md "Hosts") is placed on a live host by its next job and
     * starts there empty; its old host, should it come back, no longer claims it.
     */
    private Sandbox recreatedIfLost(Sandbox sandbox) {
        if (SandboxStatus.LOST.equals(sandbox.getStatus())
                && states.recreateLost(em, sandbox.getPk(), placement.chooseHost())) {
            em.refresh(sandbox);
        }
        return sandbox;
    }

    /** For destruction: the live sandbox, locked exclusively; 409 when it is already being destroyed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Sandbox forDestruction(String tenant, String sandboxId) {
        Sandbox sandbox = sandboxes.findLiveForDestruction(tenant, sandboxId)
                .orElseThrow(() -> Problems.notFound("sandbox " + sandboxId));
        if (SandboxStatus.DESTROYING.equals(sandbox.getStatus())) {
            throw Problems.conflict("sandbox " + sandboxId + " is already being destroyed");
        }
        return sandbox;
    }

    /** A lost sandbox leaves its dead host: the jobs that end it may run on any worker. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void unplace(Sandbox sandbox) {
        em.createNativeQuery("UPDATE sandboxes SET host_id = NULL WHERE pk = :pk AND status = 'lost'")
                .setParameter("pk", sandbox.getPk())
                .executeUpdate();
        sandbox.placeOn(null);
    }

    /** Destruction begins: the sandbox (locked by {@link #forDestruction}) becomes {@code destroying}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markDestroying(Sandbox sandbox) {
        if (!states.markDestroying(em, sandbox.getPk())) {
            throw Problems.conflict("sandbox " + sandbox.getSandboxId() + " is already being destroyed");
        }
        em.refresh(sandbox);
    }

    /** The live sandbox under this id, else the newest destroyed one (so clients see {@code destroyed}). */
    @Transactional
    public Sandbox get(String tenant, String sandboxId) {
        return sandboxes.findLive(tenant, sandboxId)
                .or(() -> sandboxes.findNewest(tenant, sandboxId))
                .orElseThrow(() -> Problems.notFound("sandbox " + sandboxId));
    }

    @Transactional
    public Page<SandboxView> list(String tenant, PageRequest page) {
        return Page.of(sandboxes.page(tenant, page), page.limit(),
                s -> new Cursor(s.getCreatedAt(), s.getPk()), SandboxView::of);
    }

    private Ensured ensure(String tenant, String sandboxId, SandboxConfig config) {
        var existing = sandboxes.findLive(tenant, sandboxId);
        if (existing.isPresent()) {
            return new Ensured(existing.get(), false);
        }
        sandboxes.lockName(tenant, sandboxId);
        existing = sandboxes.findLive(tenant, sandboxId);
        if (existing.isPresent()) {
            return new Ensured(existing.get(), false);
        }
        quotas.requireRoomForSandbox(tenant);
        return new Ensured(sandboxes.create(tenant, sandboxId, config), true);
    }
}
