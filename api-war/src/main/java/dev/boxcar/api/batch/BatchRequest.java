package dev.boxcar.api.batch;

import dev.boxcar.api.job.ExecRequestReader;
import dev.boxcar.api.json.ClientIds;
import dev.boxcar.api.json.FieldErrors;
import dev.boxcar.api.json.ObjectReader;
import dev.boxcar.core.job.ExecSpec;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code POST /batches}: 1 to 1,000 exec requests (each may name a sandbox), and an optional
 * callback URL. One invalid item rejects the whole batch, naming the field ({@code jobs[3].timeoutMs}).
 */
public record BatchRequest(List<Item> items, String callbackUrl) {
    public static final int MAX_JOBS = 1000;

    /** One job of the batch; {@code sandboxId} null means a throw-away container. */
    public record Item(String sandboxId, ExecSpec spec) {
    }

    public static BatchRequest read(JsonObject body, Set<String> images, Predicate<java.net.URI> callbackHostAllowed) {
        FieldErrors errors = new FieldErrors();
        ObjectReader r = new ObjectReader(body, "", errors, Set.of("jobs", "callbackUrl"));
        List<Item> items = r.objectList("jobs", ExecRequestReader.BATCH_ITEM_FIELDS, item -> {
            String sandboxId = item.string("sandboxId");
            if (sandboxId != null && !ClientIds.isValid(sandboxId)) {
                item.errors().add(item.name("sandboxId"), "must match ^[a-z0-9][a-z0-9._-]{0,62}$");
            }
            return new Item(sandboxId, ExecRequestReader.read(item, images));
        });
        if (!r.has("jobs")) {
            errors.add("jobs", "is required");
        } else if (items != null && (items.isEmpty() || items.size() > MAX_JOBS) && errors.isEmpty()) {
            errors.add("jobs", "must hold 1 to " + MAX_JOBS + " jobs");
        }
        String callbackUrl = r.string("callbackUrl");
        if (callbackUrl != null) {
            checkCallbackUrl(callbackUrl, callbackHostAllowed, errors);
        }
        errors.throwIfAny();
        return new BatchRequest(items, callbackUrl);
    }

    private static void checkCallbackUrl(String url, Predicate<java.net.URI> hostAllowed, FieldErrors errors) {
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                errors.add("callbackUrl", "must be an http or https URL");
            } else if (!hostAllowed.test(uri)) {
                errors.add("callbackUrl", "host and port of " + uri.getHost() + " are not allowed by this server's "
                        + "configuration (BOXCAR_CALLBACK_ALLOWED_HOSTS)");
            }
        } catch (URISyntaxException e) {
            errors.add("callbackUrl", "is not a URL");
        }
    }
}
