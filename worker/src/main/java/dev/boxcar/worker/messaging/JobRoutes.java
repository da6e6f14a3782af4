package dev.boxcar.worker.messaging;

import dev.boxcar.core.job.JobMessage;
import dev.boxcar.worker.persistence.Database;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where a job's message must go (API.md "Hosts"): a job of a sandbox placed on a Docker host to
 * that host's workers (the {@link JobMessage#HOST_PROPERTY} their consumers select), any other
 * job to whichever worker takes it. Looked up in PostgreSQL when the message is sent, so a
 * sandbox recreated on another host gets its later messages there.
 */
public final class JobRoutes {
    private final Database db;

    public JobRoutes(Database db) {
        this.db = db;
    }

    /** The host of each job that has one; jobs missing from the map go to any worker. */
    public Map<UUID, String> hostsOf(Collection<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        return db.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT j.id, s.host_id FROM jobs j JOIN sandboxes s "
                            + "ON s.pk = j.sandbox_pk WHERE j.id IN (:ids) AND s.host_id IS NOT NULL")
                    .setParameter("ids", List.copyOf(jobIds))
                    .getResultList();
            Map<UUID, String> hosts = new HashMap<>();
            rows.forEach(row -> hosts.put((UUID) row[0], (String) row[1]));
            return hosts;
        });
    }

    /** Sends one job message with {@code producer}, addressed to {@code host} (null: any worker). */
    static void send(JMSProducer producer, Queue queue, UUID jobId, String host) {
        producer.clearProperties();
        if (host != null) {
            producer.setProperty(JobMessage.HOST_PROPERTY, host).setTimeToLive(JobMessage.HOST_MESSAGE_TTL_MILLIS);
        } else {
            producer.setTimeToLive(0);
        }
        producer.send(queue, JobMessage.of(jobId).toJson());
    }
}
