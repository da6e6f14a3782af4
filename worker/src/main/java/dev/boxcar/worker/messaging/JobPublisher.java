package dev.boxcar.worker.messaging;

import dev.boxcar.core.job.JobMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sends job ids to the workers' queue, each to its host ({@link JobRoutes}); used by the dispatcher and the sweeper. */
public final class JobPublisher implements AutoCloseable {
    private final ConnectionFactory factory;
    private final JobRoutes routes;
    private JMSContext context;
    private JMSProducer producer;
    private Queue queue;

    public JobPublisher(ConnectionFactory factory, JobRoutes routes) {
        this.factory = factory;
        this.routes = routes;
    }

    /** Sends one job; see {@link #sendAll}. */
    public void send(UUID jobId) {
        sendAll(List.of(jobId));
    }

    /** Sends durably; throws {@link JMSRuntimeException} when the broker is away (the caller retries later). */
    public synchronized void sendAll(List<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return;
        }
        Map<UUID, String> hosts = routes.hostsOf(jobIds);
        try {
            if (context == null) {
                context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
                producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
                queue = context.createQueue(JobMessage.QUEUE);
            }
            for (UUID jobId : jobIds) {
                JobRoutes.send(producer, queue, jobId, hosts.get(jobId));
            }
        } catch (JMSRuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            try {
                context.close();
            } catch (JMSRuntimeException ignored) {
                // the connection is already broken; nothing to release
            }
            context = null;
        }
    }
}
