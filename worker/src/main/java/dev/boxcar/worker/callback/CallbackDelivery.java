package dev.boxcar.worker.callback;

import dev.boxcar.core.batch.Batch;
import dev.boxcar.core.batch.BatchSummary;
import dev.boxcar.core.json.Json;
import dev.boxcar.worker.persistence.Database;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a finished batch's JSON to its callback URL, signed with HMAC-SHA256 over the body
 * ({@code X-Boxcar-Signature: sha256=<hex>}), retried with exponential backoff. Any worker may
 * deliver; the batch row is locked while it does, and the delivery state is on the batch.
 */
public final class CallbackDelivery implements Runnable {
    public static final String SIGNATURE_HEADER = "X-Boxcar-Signature";
    static final int MAX_ATTEMPTS = 8;
    private static final long MAX_BACKOFF_SECONDS = 300;
    private static final Logger LOG = LoggerFactory.getLogger(CallbackDelivery.class);

    private final Database db;
    private final byte[] secret;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public CallbackDelivery(Database db, String secret) {
        this.db = db;
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void run() {
        db.inTransactionDo(em -> dueBatches(em).forEach(id -> deliver(em, em.find(Batch.class, id))));
    }

    @SuppressWarnings("unchecked")
    private static List<UUID> dueBatches(EntityManager em) {
        return em.createNativeQuery("SELECT b.id FROM batches b WHERE b.callback_status = 'pending' "
                        + "AND (b.callback_next_at IS NULL OR b.callback_next_at <= now()) "
                        + "AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.batch_id = b.id AND j.status IN ('queued', 'running')) "
                        + "ORDER BY b.created_at LIMIT 10 FOR UPDATE SKIP LOCKED", UUID.class)
                .getResultList();
    }

    private void deliver(EntityManager em, Batch batch) {
        int attempt = batch.getCallbackAttempts() + 1;
        String error;
        if (secret == null) {
            error = "BOXCAR_CALLBACK_SECRET is not configured on the workers, so callbacks cannot be signed";
        } else {
            error = post(batch.getCallbackUrl(), Json.write(BatchSummary.load(em, batch)), attempt);
        }
        if (error == null) {
            record(em, batch.getId(), Batch.CALLBACK_DELIVERED, attempt, null, 0);
            LOG.info("batch {} callback delivered (attempt {})", batch.getId(), attempt);
        } else {
            boolean giveUp = attempt >= MAX_ATTEMPTS || secret == null;
            long backoff = Math.min(1L << Math.min(attempt - 1, 20), MAX_BACKOFF_SECONDS);
            record(em, batch.getId(), giveUp ? Batch.CALLBACK_FAILED : Batch.CALLBACK_PENDING, attempt, error, backoff);
            LOG.warn("batch {} callback attempt {} failed: {}", batch.getId(), attempt, error);
        }
    }

    /** Null when the receiver answered 2xx, else why not. */
    private String post(String url, String body, int attempt) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header(SIGNATURE_HEADER, "sha256=" + sign(body))
                    .header("X-Boxcar-Delivery-Attempt", Integer.toString(attempt))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
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

    String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    private static void record(EntityManager em, UUID batchId, String status, int attempts, String error, long retryInSeconds) {
        em.createNativeQuery("UPDATE batches SET callback_status = :status, callback_attempts = :attempts, "
                        + "callback_last_error = :error, callback_next_at = now() + make_interval(secs => :retry), "
                        + "finished_at = coalesce(finished_at, now()), version = version + 1 WHERE id = :id")
                .setParameter("status", status)
                .setParameter("attempts", attempts)
                .setParameter("error", error)
                .setParameter("retry", retryInSeconds)
                .setParameter("id", batchId)
                .executeUpdate();
    }
}
