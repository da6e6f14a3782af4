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
        /**
         * Reads a result without passing the content through a JSON parser (whose growing buffer
         * would hold the 22 MB of a 16 MiB file's base64 several times over): the base64 text is
         * cut out as it is, the small rest parsed.
         */
        public static ReadResult fromJson(String json) {
            String marker = "\"contentBase64\":\"";
            int start = json.indexOf(marker);
            if (start < 0) {
                return dev.boxcar.core.json.Json.read(json, ReadResult.class);
            }
            start += marker.length();
            int end = json.indexOf('"', start);
            if (end < 0) {
                throw new IllegalArgumentException("a file read result whose content does not end");
            }
            ReadResult rest = dev.boxcar.core.json.Json.read(json.substring(0, start) + json.substring(end), ReadResult.class);
            return new ReadResult(rest.found(), rest.size(), json.substring(start, end));
        }

        public String toJson() {
            String content = contentBase64 == null ? "" : contentBase64;
            return new StringBuilder(content.length() + 64).append("{\"found\":").append(found)
                    .append(",\"size\":").append(size).append(",\"contentBase64\":\"").append(content)
                    .append("\"}").toString();
        }
    }
}
