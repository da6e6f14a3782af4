package dev.boxcar.worker.messaging;

import dev.boxcar.core.job.JobMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import java.util.UUID;

/** Sends job ids to the workers' queue; used by the dispatcher and the sweeper. */
public final class JobPublisher implements AutoCloseable {
    private final ConnectionFactory factory;
    private JMSContext context;
    private JMSProducer producer;
    private Queue queue;

    public JobPublisher(ConnectionFactory factory) {
        this.factory = factory;
    }

    /** Sends durably; throws {@link JMSRuntimeException} when the broker is away (the caller retries later). */
    public synchronized void send(UUID jobId) {
        try {
            if (context == null) {
                context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
                producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
                queue = context.createQueue(JobMessage.QUEUE);
            }
            producer.send(queue, JobMessage.of(jobId).toJson());
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
