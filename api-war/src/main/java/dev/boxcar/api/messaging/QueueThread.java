package dev.boxcar.api.messaging;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A bounded queue served by one managed thread, in batches of what has piled up: how the API
 * does broker and database work off the request path. A failing batch is logged and dropped;
 * its owners make sure that dropping is safe (see {@link Outbox}, {@link DispatchMarks}).
 */
final class QueueThread<T> {
    private static final Logger LOG = Logger.getLogger(QueueThread.class.getName());

    private final String name;
    private final int maxBatch;
    private final Consumer<List<T>> handler;
    private final LinkedBlockingQueue<T> queue;
    private volatile boolean running;
    private Thread thread;

    QueueThread(String name, int capacity, int maxBatch, Consumer<List<T>> handler) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.handler = handler;
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    void start(ManagedThreadFactory threads) {
        running = true;
        thread = threads.newThread(this::serve);
        thread.setName(name);
        thread.start();
    }

    /** False when the queue is full. */
    boolean offer(T item) {
        return queue.offer(item);
    }

    /** Drops what waits; returns how much that was. */
    int clear() {
        int dropped = queue.size();
        queue.clear();
        return dropped;
    }

    private void serve() {
        List<T> batch = new ArrayList<>();
        while (running) {
            try {
                T first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                handler.accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warning(() -> name + ": " + batch.size() + " item(s) dropped: " + e);
            } finally {
                batch.clear();
            }
        }
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
