package dev.boxcar.api.sandbox;

import dev.boxcar.api.problem.Problems;
import dev.boxcar.core.sandbox.Sandbox;
import dev.boxcar.core.sandbox.SandboxConfig;
import dev.boxcar.core.sandbox.SandboxStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/** Creating and finding sandboxes (API.md "Sandboxes"). */
@ApplicationScoped
public class SandboxService {
    @Inject
    SandboxRepository sandboxes;

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

    /** For jobs that name a sandbox: the live one, created with the defaults when there is none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Sandbox forNewJob(String tenant, String sandboxId) {
        Sandbox sandbox = ensure(tenant, sandboxId, SandboxConfig.defaults()).sandbox();
        if (SandboxStatus.DESTROYING.equals(sandbox.getStatus())) {
            throw Problems.conflict("sandbox " + sandboxId + " is being destroyed; submit again once it is destroyed");
        }
        return sandbox;
    }

    @Transactional
    public Sandbox get(String tenant, String sandboxId) {
        return sandboxes.findLive(tenant, sandboxId)
                .orElseThrow(() -> Problems.notFound("sandbox " + sandboxId));
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
        return new Ensured(sandboxes.create(tenant, sandboxId, config), true);
    }
}
