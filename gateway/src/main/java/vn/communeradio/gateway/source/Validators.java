package vn.communeradio.gateway.source;

import java.util.ArrayList;
import java.util.List;

/**
 * What an HTTP server said identifies one version of a file ({@code ETag}, {@code Last-Modified}): sent back in a
 * conditional request, they let the server answer "not modified" instead of the whole file again.
 *
 * @param etag         the entity tag exactly as sent (quotes and weak prefix included), or null
 * @param lastModified the Last-Modified date exactly as sent, or null
 */
public record Validators(String etag, String lastModified) {

    public static final Validators NONE = new Validators(null, null);

    /** Values that could not go back in a request header (control characters, too long) are dropped. */
    public Validators {
        etag = headerSafe(etag);
        lastModified = headerSafe(lastModified);
    }

    public boolean none() {
        return etag == null && lastModified == null;
    }

    /** The request's conditional header lines, each ending with CRLF. */
    String requestHeaders() {
        StringBuilder lines = new StringBuilder();
        if (etag != null) {
            lines.append("If-None-Match: ").append(etag).append("\r\n");
        }
        if (lastModified != null) {
            lines.append("If-Modified-Since: ").append(lastModified).append("\r\n");
        }
        return lines.toString();
    }

    /** As lines of a small text file ({@code etag: ...}, {@code last-modified: ...}). */
    public List<String> toLines() {
        List<String> lines = new ArrayList<>();
        if (etag != null) {
            lines.add("etag: " + etag);
        }
        if (lastModified != null) {
            lines.add("last-modified: " + lastModified);
        }
        return lines;
    }

    /** Reads {@link #toLines()}'s lines; anything else in them is ignored. */
    public static Validators fromLines(List<String> lines) {
        String etag = null;
        String lastModified = null;
        for (String line : lines) {
            if (line.startsWith("etag: ")) {
                etag = line.substring(6);
            } else if (line.startsWith("last-modified: ")) {
                lastModified = line.substring(15);
            }
        }
        return new Validators(etag, lastModified);
    }

    private static String headerSafe(String value) {
        if (value == null || value.isBlank() || value.length() > 256
                || value.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            return null;
        }
        return value.strip();
    }
}
