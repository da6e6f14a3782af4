package dev.boxcar.api.openapi;

/** Names shared by the resources' OpenAPI annotations (annotation values must be constants). */
public final class Documented {
    public static final String PROBLEM_JSON = ContractDetails.PROBLEM_JSON;

    public static final String TAG_SANDBOXES = "Sandboxes";
    public static final String TAG_JOBS = "Jobs";
    public static final String TAG_PROCESSES = "Processes";
    public static final String TAG_FILES = "Files";
    public static final String TAG_BATCHES = "Batches";
    public static final String TAG_HEALTH = "Health";
    public static final String TAG_OPERATIONS = "Operations";
    public static final String TAG_PORTS = "Ports";

    private Documented() {
    }
}
