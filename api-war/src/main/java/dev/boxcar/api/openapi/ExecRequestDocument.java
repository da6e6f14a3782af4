package dev.boxcar.api.openapi;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /sandboxes/{id}/exec}, {@code POST /exec} and of each batch item
 * ({@code ExecRequestReader} reads it; unknown fields are rejected).
 */
@Schema(name = "ExecRequest", description = "Exactly one of command / argv. image, memoryMb, cpus, pids and reuseContainer apply to "
        + "throw-away jobs (POST /exec and batch items without sandboxId); sandboxId to batch items only.")
public record ExecRequestDocument(
        @Schema(description = "Run by /bin/sh -c", examples = "python3 main.py") String command,
        @Schema(description = "Run as is, without a shell") List<String> argv,
        @Schema(defaultValue = "/workspace") String cwd,
        @Schema(description = "Added to the sandbox env for this job only") Map<String, String> env,
        @Schema(description = "Fed to stdin, which is then closed (empty if absent)") String stdin,
        @Schema(description = "Written before the command runs") List<FileDocument> files,
        @Schema(minimum = "1", maximum = "600000", defaultValue = "30000") Long timeoutMs,
        @Schema(description = "Makes it a graded job: stdout is compared and a verdict given") String expectedStdout,
        @Schema(enumeration = {"trim", "exact"}, defaultValue = "trim") String compare,
        @Schema(description = "Run once before the tests; a non-zero exit is compilation_error") String build,
        @Schema(description = "Run command once per test case") List<TestCaseDocument> tests,
        @Schema(defaultValue = "false") Boolean stopOnFirstFailure,
        @Schema(description = "Throw-away only: an image of the server's allow-list", defaultValue = "default") String image,
        @Schema(minimum = "64", maximum = "16384", defaultValue = "512") Integer memoryMb,
        @Schema(minimum = "0.1", maximum = "16", defaultValue = "1.0") Double cpus,
        @Schema(minimum = "16", maximum = "4096", defaultValue = "256") Integer pids,
        @Schema(description = "Throw-away only, a Boxcar extension: the job may run in a container an earlier job of "
                + "the same tenant and batch that asked too ran in, reset in between (README \"Reusing throw-away containers\")",
                defaultValue = "false") Boolean reuseContainer,
        @Schema(description = "Batch items only: run in this sandbox instead of a throw-away container",
                pattern = "^[a-z0-9][a-z0-9._-]{0,62}$") String sandboxId) {

    @Schema(name = "ExecFile")
    public record FileDocument(
            @Schema(required = true, description = "Relative to cwd, or absolute; parents are created") String path,
            @Schema(required = true) String content,
            @Schema(enumeration = {"utf8", "base64"}, defaultValue = "utf8") String encoding,
            @Schema(defaultValue = "0644", pattern = "^0?[0-7]{3}$") String mode) {
    }

    @Schema(name = "TestCase")
    public record TestCaseDocument(
            String name,
            String stdin,
            @Schema(required = true) String expectedStdout,
            @Schema(minimum = "1", maximum = "600000", description = "Default: the job's") Long timeoutMs) {
    }
}
