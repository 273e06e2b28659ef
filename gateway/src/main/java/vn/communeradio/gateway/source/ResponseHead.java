package vn.communeradio.gateway.source;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The status line and header fields of one response: "HTTP/1.x" from web servers and Icecast, "ICY" from
 * SHOUTcast v1, which java.net.http refuses.
 *
 * @param protocol "HTTP/1.1", "HTTP/1.0" or "ICY"
 * @param headers  field names lowercased; a repeated field keeps its first value
 */
record ResponseHead(String protocol, int status, String reason, Map<String, String> headers) {

    /** Most blank lines tolerated before the status line (some servers send a stray CRLF first). */
    private static final int MAX_LEADING_BLANK_LINES = 4;

    /** Reads a whole head, at most {@code maxBytes} of it. */
    static ResponseHead read(Wire wire, int maxBytes) throws IOException {
        String tooLong = "the response header from " + wire.peer() + " is longer than " + kib(maxBytes)
                + "; is this an audio stream server?";
        int budget = maxBytes;
        String statusLine = "";
        for (int blank = 0; statusLine.isEmpty() && blank <= MAX_LEADING_BLANK_LINES; blank++) {
            statusLine = wire.readLine(budget, tooLong);
            if (statusLine == null) {
                throw new IOException(wire.peer() + " closed the connection without answering");
            }
            budget -= statusLine.length() + 2;
        }
        ResponseHead head = statusLine(statusLine, wire.peer());
        String last = null;
        while (true) {
            String line = wire.readLine(Math.max(budget, 0), tooLong);
            if (line == null) {
                throw new IOException(wire.peer() + " closed the connection in the middle of its response header");
            }
            budget -= line.length() + 2;
            if (line.isEmpty()) {
                return head;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                head.headers.merge(last, " " + line.strip(), String::concat); // obsolete folded continuation line
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue; // not a field; old SHOUTcast servers send odd lines, and nothing here needs them
            }
            last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            head.headers.putIfAbsent(last, line.substring(colon + 1).strip());
        }
    }

    private static ResponseHead statusLine(String line, String peer) throws IOException {
        String[] parts = line.split(" ", 3);
        String protocol = parts[0];
        boolean known = protocol.equals("ICY") || protocol.startsWith("HTTP/1.");
        if (!known || parts.length < 2 || !parts[1].matches("[1-5][0-9][0-9]")) {
            throw new IOException(peer + " did not answer in HTTP (its first line is \"" + printable(line) + "\")");
        }
        String reason = parts.length == 3 ? parts[2].strip() : "";
        return new ResponseHead(protocol, Integer.parseInt(parts[1]), reason, new LinkedHashMap<>());
    }

    String header(String name) {
        return headers.get(name);
    }

    /** "404 Not Found", as the server said it. */
    String statusText() {
        return reason.isEmpty() ? Integer.toString(status) : status + " " + reason;
    }

    private static String kib(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    /** The first characters of {@code s} with control and non-ASCII characters as '?', for a log line. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < 60; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 60 ? out + "..." : out.toString();
    }
}
