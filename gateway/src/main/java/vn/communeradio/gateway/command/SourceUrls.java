package vn.communeradio.gateway.command;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The source URLs a station can play: {@code http(s)://}, {@code file:} absolute paths, {@code tone:<hz>} and
 * {@code input:line} (the station's line input, live: an extension).
 */
public final class SourceUrls {

    static final String ACCEPTED = "http://..., https://..., file:/absolute/path, tone:<20..20000 Hz> or input:line";
    /** The station's line input (a microphone or mixer at the station), live. */
    public static final String LINE_INPUT = "input:line";
    /** The zone self-test's signal: the station plays it for a {@code selftest}, never for a {@code play}. */
    public static final String TEST_SIGNAL = "test:bursts";
    static final int MAX_LENGTH = 2048;

    private SourceUrls() {
    }

    /**
     * Null when {@code field} (mode {@code file}, or {@code sha256}) suits {@code sources}; else why not: when the
     * station makes every source itself (a tone, its line input) there is no file to fetch ahead or to check.
     */
    static String fileOnlyProblem(List<String> sources, String field) {
        for (String url : sources) {
            if (!url.equals(LINE_INPUT) && !url.toLowerCase(Locale.ROOT).startsWith("tone:")) {
                return null;
            }
        }
        return field + " is for a file to fetch, and the station makes " + String.join(", ", sources)
                + " itself; send it without " + field;
    }

    /** Null when {@code url} is acceptable, otherwise what is wrong with it. */
    static String problem(String url) {
        if (url.isEmpty()) {
            return "is empty";
        }
        if (url.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "tone":
                return toneProblem(url.substring(colon + 1));
            case "input":
                return url.equals(LINE_INPUT) ? null : "names no input of a station; the one there is: " + LINE_INPUT;
            case "http":
            case "https":
            case "file":
                break;
            default:
                return colon < 0 ? "has no scheme" : "has scheme " + Ids.quote(scheme) + " which is not playable";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")";
        }
        if (scheme.equals("file")) {
            String path = uri.getPath();
            String authority = uri.getRawAuthority();
            if (uri.isOpaque() || path == null || !path.startsWith("/")) {
                return "must be an absolute path on the board (file:/path or file:///path)";
            }
            if (authority != null && !authority.equals("localhost")) {
                return "names a remote host; file: means a file on the board";
            }
            if (("/" + path + "/").contains("/../")) {
                return "must not contain '..' segments";
            }
            return null;
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "has no host";
        }
        return null;
    }

    private static String toneProblem(String hz) {
        if (hz.isEmpty() || hz.length() > 5) {
            return "must be tone:<frequency in Hz, 20..20000>";
        }
        int value = 0;
        for (int i = 0; i < hz.length(); i++) {
            char c = hz.charAt(i);
            if (c < '0' || c > '9') {
                return "must be tone:<frequency in Hz, 20..20000>";
            }
            value = value * 10 + (c - '0');
        }
        return value < 20 || value > 20000 ? "has frequency " + value + " Hz; accepted 20..20000" : null;
    }
}
