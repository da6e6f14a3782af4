package dev.boxcar.api.idempotency;

import dev.boxcar.api.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Runs a POST's work at most once per (tenant, Idempotency-Key). */
@ApplicationScoped
public class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    @Inject
    IdempotencyKeys keys;

    /** What a submission created: its type and id are remembered under the key. */
    public record Created<T>(T object, String objectType, String objectId, int statusCode) {
    }

    /**
     * Without a key, runs {@code work}. With one, runs it only if the key is new, else returns
     * {@code replay} of the object the key created (422 when the request differs). The key is
     * reserved, the work done and the key completed in one transaction: a crash leaves nothing
     * behind, and a concurrent request with the same key waits for the first one's commit (on the
     * key's row) and then replays it.
     */
    @Transactional
    public <T> T run(String tenant, String key, String method, String path, byte[] body,
                     Supplier<Created<T>> work, Function<IdempotencyRecord, T> replay) {
        if (key == null) {
            return work.get().object();
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw Problems.invalidField(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        String hash = fingerprint(method, path, body);
        Optional<IdempotencyRecord> earlier = keys.reserve(tenant, key, hash);
        if (earlier.isPresent()) {
            IdempotencyRecord record = earlier.get();
            if (!record.requestHash().equals(hash)) {
                throw Problems.unprocessable("Idempotency-Key " + key + " was used for a different request");
            }
            return replay.apply(record);
        }
        Created<T> created = work.get();
        keys.complete(tenant, key, created.statusCode(), created.objectType(), created.objectId());
        return created.object();
    }

    static String fingerprint(String method, String path, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
