package dev.boxcar.worker.callback;

import dev.boxcar.core.batch.Batch;
import dev.boxcar.core.callback.CallbackSigner;
import dev.boxcar.core.json.Json;
import dev.boxcar.store.BatchSummaries;
import dev.boxcar.worker.persistence.Database;
import jakarta.persistence.EntityManager;
import dev.boxcar.worker.metrics.WorkerMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a finished batch's JSON to its callback URL, signed per tenant over a timestamp and the
 * body ({@link CallbackSigner}), retried with exponential backoff (8 attempts). Any worker may
 * deliver: a short transaction takes the due batches under a lease (their next attempt moved a
 * minute ahead, so other workers leave them alone), the POSTs happen outside any transaction, and
 * another short transaction records each outcome. A slow receiver so holds no database connection
 * or row lock, and runs on the callback thread only. Redirects are never followed.
 */
public final class CallbackDelivery implements Runnable {
    static final int MAX_ATTEMPTS = 8;
    private static final long MAX_BACKOFF_SECONDS = 300;
    private static final int LEASE_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(CallbackDelivery.class);

    private final Database db;
    private final CallbackSigner signer;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public CallbackDelivery(Database db, CallbackSigner signer) {
        this.db = db;
        this.signer = signer;
    }

    /** A delivery taken under lease: where, for whom, what, and which attempt. */
    private record Due(UUID batchId, String tenant, String url, String body, int attempt) {
    }

    @Override
    public void run() {
        for (Due due : takeDue()) {
            String error = signer.canSign(due.tenant())
                    ? post(due)
                    : "no callback secret is configured for tenant " + due.tenant() + " (BOXCAR_CALLBACK_SECRETS)";
            record(due, error);
        }
    }

    private List<Due> takeDue() {
        return db.inTransaction(em -> {
            List<Due> due = new ArrayList<>();
            for (UUID id : dueBatches(em)) {
                Batch batch = em.find(Batch.class, id);
                due.add(new Due(id, batch.getTenant(), batch.getCallbackUrl(), Json.write(BatchSummaries.load(em, batch)),
                        batch.getCallbackAttempts() + 1));
                em.createNativeQuery("UPDATE batches SET callback_next_at = now() + make_interval(secs => :lease) "
                        + "WHERE id = :id").setParameter("lease", LEASE_SECONDS).setParameter("id", id).executeUpdate();
            }
            return due;
        });
    }

    @SuppressWarnings("unchecked")
    private static List<UUID> dueBatches(EntityManager em) {
        return em.createNativeQuery("SELECT b.id FROM batches b WHERE b.callback_status = 'pending' "
                        + "AND (b.callback_next_at IS NULL OR b.callback_next_at <= now()) "
                        + "AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.batch_id = b.id AND j.status IN ('queued', 'running')) "
                        + "ORDER BY b.created_at LIMIT 10 FOR UPDATE SKIP LOCKED", UUID.class)
                .getResultList();
    }

    /** Null when the receiver answered 2xx, else why not. */
    private String post(Due due) {
        try {
            long now = System.currentTimeMillis() / 1000;
            HttpRequest request = HttpRequest.newBuilder(URI.create(due.url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header(CallbackSigner.HEADER, signer.header(due.tenant(), now, due.body()))
                    .header("X-Boxcar-Delivery-Attempt", Integer.toString(due.attempt()))
                    .POST(HttpRequest.BodyPublishers.ofString(due.body(), StandardCharsets.UTF_8))
                    .build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? null : "the receiver answered HTTP " + status;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return "could not reach the receiver: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void record(Due due, String error) {
        String status;
        long retryIn = 0;
        if (error == null) {
            status = Batch.CALLBACK_DELIVERED;
            LOG.info("batch {} callback delivered (attempt {})", due.batchId(), due.attempt());
            WorkerMetrics.callback("delivered");
        } else {
            boolean giveUp = due.attempt() >= MAX_ATTEMPTS || !signer.canSign(due.tenant());
            status = giveUp ? Batch.CALLBACK_FAILED : Batch.CALLBACK_PENDING;
            retryIn = Math.min(1L << Math.min(due.attempt() - 1, 20), MAX_BACKOFF_SECONDS);
            LOG.warn("batch {} callback attempt {} failed: {}", due.batchId(), due.attempt(), error);
            WorkerMetrics.callback(giveUp ? "failed" : "retrying");
        }
        long retry = retryIn;
        db.inTransactionDo(em -> em.createNativeQuery("UPDATE batches SET callback_status = :status, "
                        + "callback_attempts = :attempts, callback_last_error = :error, "
                        + "callback_next_at = now() + make_interval(secs => :retry), "
                        + "finished_at = coalesce(finished_at, now()), version = version + 1 WHERE id = :id")
                .setParameter("status", status)
                .setParameter("attempts", due.attempt())
                .setParameter("error", error)
                .setParameter("retry", retry)
                .setParameter("id", due.batchId())
                .executeUpdate());
    }
}
