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
        /**
         * The result as JSON, built in one allocation: the content may be 22 MB of base64, which a
         * JSON writer would copy through its growing buffer. Base64 needs no escaping.
         */
        public String toJson() {
            String content = contentBase64 == null ? "" : contentBase64;
            return new StringBuilder(content.length() + 64).append("{\"found\":").append(found)
                    .append(",\"size\":").append(size).append(",\"contentBase64\":\"").append(content)
                    .append("\"}").toString();
        }
    }
}
