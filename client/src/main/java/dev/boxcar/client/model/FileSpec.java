package dev.boxcar.client.model;

import java.util.Base64;

/**
 * A file written before a command runs ({@code files[i]} of an exec request). The path is
 * relative to the command's cwd or absolute; parent folders are created.
 *
 * @param encoding {@code utf8} (the server's default) or {@code base64}
 * @param mode     octal permissions such as {@code 0755}; null for the default {@code 0644}
 */
public record FileSpec(String path, String content, String encoding, String mode) {

    /** A text file. */
    public static FileSpec text(String path, String content) {
        return new FileSpec(path, content, null, null);
    }

    /** A file with arbitrary bytes (sent base64-encoded). */
    public static FileSpec bytes(String path, byte[] content) {
        return new FileSpec(path, Base64.getEncoder().encodeToString(content), "base64", null);
    }

    /** The same file with other permissions, e.g. {@code "0755"} for a script. */
    public FileSpec mode(String mode) {
        return new FileSpec(path, content, encoding, mode);
    }
}
