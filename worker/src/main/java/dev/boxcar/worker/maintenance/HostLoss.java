package dev.boxcar.worker.maintenance;

import dev.boxcar.store.JobStates;
import dev.boxcar.store.SandboxStates;
import dev.boxcar.worker.container.ContainerManager;
import dev.boxcar.worker.persistence.Database;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker hosts that are gone (API.md "Hosts"): when no worker of a host has beaten for
 * {@code lostSeconds}, its sandboxes become {@code lost} and their queued and running jobs end
 * {@code error} / {@code host_lost} (their files are gone with the host; the next job recreates
 * the sandbox, empty, on a live host). A host that comes back takes back what is still lost.
 */
public final class HostLoss implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(HostLoss.class);
    private final SandboxStates states = new SandboxStates();
    private final JobStates jobStates = new JobStates();
    private final Database db;
    private final ContainerManager containers;
    private final String hostId;
    private final int lostSeconds;
    /** False while this worker's own heartbeats are not steady: then every host looks silent. */
    private final BooleanSupplier othersHadTimeToBeat;

    public HostLoss(Database db, ContainerManager containers, String hostId, int lostSeconds,
                    BooleanSupplier othersHadTimeToBeat) {
        this.db = db;
        this.containers = containers;
        this.hostId = hostId;
        this.lostSeconds = lostSeconds;
        this.othersHadTimeToBeat = othersHadTimeToBeat;
    }

    @Override
    public void run() {
        int reclaimed = db.inTransaction(em -> states.reclaim(em, hostId));
        if (reclaimed > 0) {
            LOG.warn("host {} is back: took back {} lost sandbox(es), stopped with their files", hostId, reclaimed);
        }
        removeContainersOfSandboxesThatMoved();
        if (!othersHadTimeToBeat.getAsBoolean()) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<String> silent = db.inTransaction(em -> em.createNativeQuery("SELECT h.id FROM docker_hosts h "
                        + "WHERE h.id <> :mine AND h.last_seen_at < now() - make_interval(secs => :lost) "
                        + "AND EXISTS (SELECT 1 FROM sandboxes s WHERE s.host_id = h.id "
                        + "AND s.status IN ('pending', 'running', 'stopped', 'failed'))", String.class)
                .setParameter("mine", hostId)
                .setParameter("lost", lostSeconds)
                .getResultList());
        silent.forEach(this::markLost);
    }

    /**
     * A sandbox recreated elsewhere, or destroyed, while this host was lost left its old container
     * here: it goes (a sandbox not placed yet is left alone: a worker here may be starting it).
     */
    private void removeContainersOfSandboxesThatMoved() {
        Map<UUID, String> here = containers.sandboxContainers();
        if (here.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<UUID> moved = db.inTransaction(em -> em.createNativeQuery("SELECT pk FROM sandboxes WHERE pk IN (:pks) "
                        + "AND ((host_id IS NOT NULL AND host_id <> :mine) OR status = 'destroyed')", UUID.class)
                .setParameter("pks", List.copyOf(here.keySet()))
                .setParameter("mine", hostId)
                .getResultList());
        for (UUID pk : moved) {
            containers.removeSandboxContainer(pk, here.get(pk));
            LOG.info("removed the container of sandbox {}, which lives on another host now", pk);
        }
    }

    private void markLost(String lostHost) {
        db.inTransactionDo(em -> {
            List<UUID> sandboxes = states.markLost(em, lostHost);
            if (sandboxes.isEmpty()) {
                return;
            }
            int jobs = jobStates.failAllOfSandboxes(em, sandboxes, "host_lost", "host lost: the sandbox's Docker host "
                    + lostHost + " stopped answering, and this job ended with it. The sandbox's files are gone; its next "
                    + "job recreates it, with an empty /workspace, on a live host.");
            em.createNativeQuery("UPDATE processes SET status = 'exited', ended_at = now(), error = :why "
                            + "WHERE sandbox_pk IN (:pks) AND status IN ('starting', 'running')")
                    .setParameter("why", "the sandbox's Docker host " + lostHost + " was lost")
                    .setParameter("pks", sandboxes)
                    .executeUpdate();
            LOG.warn("host {} lost: {} sandbox(es) lost, {} job(s) ended host_lost", lostHost, sandboxes.size(), jobs);
        });
    }
}
