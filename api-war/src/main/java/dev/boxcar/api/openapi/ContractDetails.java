package dev.boxcar.api.openapi;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * What API.md's "Conventions" say of every operation, added to the generated document in one place
 * instead of on each method: the bearer token and its 401, 503 during an outage, 400 for bad input,
 * 404 for objects that do not exist (or belong to another tenant), 422 for a reused Idempotency-Key
 * and 429 over a quota on writes, and the shared query, header and path parameters. The resources take those parameters as strings, to answer a bad value with a problem
 * naming it, so their types and ranges are stated here. Registered by {@code mp.openapi.filter}.
 */
public class ContractDetails implements OASFilter {
    static final String PROBLEM = "#/components/schemas/Problem";
    static final String PROBLEM_JSON = "application/problem+json";
    private static final String ID_PATTERN = "^[a-z0-9][a-z0-9._-]{0,62}$";

    private static final Map<String, Parameter> SHARED_PARAMETERS = Map.of(
            "limit", parameter("Page size", integer(1, 500).defaultValue(50)),
            "cursor", parameter("nextCursor of the previous page", OASFactory.createSchema().addType(Schema.SchemaType.STRING)),
            "wait", parameter("Long-poll: hold the answer until the object is finished or this many seconds pass "
                    + "(200 when finished, 202 when not)", integer(0, 60)),
            "sandboxId", parameter("Chosen by the client; each tenant has its own namespace",
                    OASFactory.createSchema().addType(Schema.SchemaType.STRING).pattern(ID_PATTERN)),
            "tail", parameter("Keep the last N lines", integer(1, 100_000)),
            "Idempotency-Key", parameter("A repeat with the same key within 24 h returns the original answer and "
                    + "creates nothing; the same key with a different body is 422",
                    OASFactory.createSchema().addType(Schema.SchemaType.STRING).minLength(1).maxLength(255)));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/v1/")) {
                item.getOperations().forEach((method, operation) -> complete(path, method, operation));
            }
        });
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation operation) {
        operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("bearer"));
        APIResponses responses = operation.getResponses();
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (takesInput) {
            add(responses, "400", "Bad input: a malformed body, an unknown field, an out-of-range parameter "
                    + "(the parameter or field is named)");
        }
        add(responses, "401", "Missing or unknown bearer token");
        if (path.contains("{") && !(method == PathItem.HttpMethod.PUT || method == PathItem.HttpMethod.POST)) {
            add(responses, "404", "No such object for this tenant (another tenant's object is answered the same)");
        }
        if (operation.getRequestBody() != null) {
            add(responses, "413", "Body larger than the limit (10 MiB by default)");
        }
        if (method == PathItem.HttpMethod.POST) {
            add(responses, "422", "The Idempotency-Key was used with a different body");
        }
        if ((method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT) && !path.endsWith("/ports")) {
            // Every write but exposing a port makes a job or a sandbox, and each has a per-tenant quota.
            add(responses, "429", "Over a quota of the tenant (queued jobs, live sandboxes, open streams): nothing "
                    + "created; retry after Retry-After seconds");
        }
        add(responses, "503", "A dependency (the database) is unreachable, or the server is starting; "
                + "retry after Retry-After seconds");
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(ContractDetails::describeShared);
        }
    }

    private static void describeShared(Parameter parameter) {
        Parameter shared = SHARED_PARAMETERS.get(parameter.getName());
        if (shared == null) {
            return;
        }
        if (parameter.getDescription() == null) {
            parameter.setDescription(shared.getDescription());
        }
        parameter.setSchema(shared.getSchema());
    }

    private static void add(APIResponses responses, String status, String description) {
        if (responses.hasAPIResponse(status)) {
            return;
        }
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(PROBLEM_JSON,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)))));
    }

    private static Parameter parameter(String description, Schema schema) {
        return OASFactory.createParameter().description(description).schema(schema);
    }

    private static Schema integer(long min, long max) {
        return OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                .minimum(java.math.BigDecimal.valueOf(min)).maximum(java.math.BigDecimal.valueOf(max));
    }
}
