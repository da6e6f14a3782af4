package dev.boxcar.core.process;

/** The requests and results of {@code file.write} / {@code file.read} jobs (content in base64). */
public final class FileJobs {
    private FileJobs() {
    }

    public record Write(String path, String contentBase64) {
    }

    public record Read(String path) {
    }

    /** {@code found} false: the file does not exist. */
    public record ReadResult(boolean found, long size, String contentBase64) {
    }
}
