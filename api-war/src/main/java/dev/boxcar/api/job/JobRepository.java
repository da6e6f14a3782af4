package dev.boxcar.api.job;

import dev.boxcar.core.job.Job;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import java.util.UUID;

/** Jobs, always looked up within a tenant: another tenant's job does not exist. */
@ApplicationScoped
public class JobRepository {
    @PersistenceContext(unitName = "boxcar")
    EntityManager em;

    public Optional<Job> find(String tenant, UUID id) {
        Job job = em.find(Job.class, id);
        return job != null && job.getTenant().equals(tenant) ? Optional.of(job) : Optional.empty();
    }

    public void add(Job job) {
        em.persist(job);
    }

    public void markDispatched(UUID id) {
        em.createNativeQuery("UPDATE jobs SET dispatched_at = now() WHERE id = :id AND dispatched_at IS NULL")
                .setParameter("id", id)
                .executeUpdate();
    }
}
