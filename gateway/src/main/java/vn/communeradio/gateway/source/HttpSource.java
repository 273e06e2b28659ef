package vn.communeradio.gateway.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens http(s) and Icecast/SHOUTcast streams with a small HTTP/1.1 client of its own: java.net.http cannot
 * read SHOUTcast's "ICY 200 OK" and hides whether a body ended or dropped, which decides whether a session
 * finishes or reconnects. One request per connection (Connection: close), redirects followed, ICY metadata
 * requested and stripped.
 */
public final class HttpSource {

    private static final Pattern CONTENT_RANGE =
            Pattern.compile("bytes (\\d{1,18})-\\d{1,18}/(\\d{1,18}|\\*)");

    private HttpSource() {
    }

    /**
     * Connects, follows redirects and returns the open body, or throws an IOException whose message names the
     * URL and says what went wrong (unknown host, refused, TLS, status, stall...).
     */
    public static SourceStream open(URI uri, SourceSettings settings) throws IOException {
        return open(uri, settings, 0);
    }

    /**
     * As {@link #open(URI, SourceSettings)}, asking for the body from byte {@code offset} on (a Range request, to
     * resume a download): the stream's {@link SourceStream#offset()} says where the server's answer starts (0
     * when it sent the whole body).
     */
    public static SourceStream open(URI uri, SourceSettings settings, long offset) throws IOException {
        return open(uri, settings, offset, Validators.NONE);
    }

    /**
     * As {@link #open(URI, SourceSettings)}, asking the server to send the body only if it is not the version that
     * {@code known} identifies (a conditional request): null when the server answered 304 Not Modified.
     */
    public static SourceStream openIfChanged(URI uri, SourceSettings settings, Validators known) throws IOException {
        return open(uri, settings, 0, known);
    }

    private static SourceStream open(URI uri, SourceSettings settings, long offset, Validators known)
            throws IOException {
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            Exchange exchange = null;
            try {
                exchange = Exchange.start(current, settings, offset, known);
                ResponseHead head = exchange.head;
                String location = head.header("location");
                if (isRedirect(head.status()) && location != null) {
                    exchange.close();
                    URI next = redirectTarget(current, location);
                    if (redirects == settings.maxRedirects()) {
                        throw new IOException("more than " + settings.maxRedirects()
                                + " redirects (the last one to " + redacted(next) + ")");
                    }
                    current = next;
                    continue;
                }
                if (head.status() == 304 && !known.none()) {
                    exchange.close();
                    return null;
                }
                if (head.status() / 100 != 2) {
                    exchange.close();
                    throw new IOException("server answered " + head.statusText());
                }
                return exchange.stream(redacted(current));
            } catch (IOException e) {
                if (exchange != null) {
                    exchange.close();
                }
                String from = current.equals(uri) ? "" : " (redirected from " + redacted(uri) + ")";
                throw new IOException("stream " + redacted(current) + from + ": " + e.getMessage(), e);
            }
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirectTarget(URI from, String location) throws IOException {
        URI next;
        try {
            next = from.resolve(location.replace(" ", "%20"));
        } catch (IllegalArgumentException e) {
            throw new IOException("redirected to \"" + ResponseHead.printable(location) + "\", which is not a URL");
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException("redirected to " + redacted(next) + ", which is not http(s)");
        }
        return next;
    }

    /** The URL without its user:password part, for messages and logs. */
    public static String redacted(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.toString().replace(uri.getRawUserInfo() + "@", "");
    }

    /** One request and its response on its own connection. */
    private static final class Exchange {
        final Socket socket;
        final Wire wire;
        final ResponseHead head;

        private Exchange(Socket socket, Wire wire, ResponseHead head) {
            this.socket = socket;
            this.wire = wire;
            this.head = head;
        }

        static Exchange start(URI uri, SourceSettings settings, long from, Validators known) throws IOException {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean tls = scheme.equals("https");
            if (!tls && !scheme.equals("http")) {
                throw new IOException("not an http(s) URL");
            }
            String host = uri.getHost();
            if (host == null || host.isEmpty()) {
                throw new IOException("the URL has no host");
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1); // an IPv6 literal: brackets belong to URLs only
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
            String peer = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
            Socket socket = connect(host, port, peer, settings);
            try {
                socket.setSoTimeout((int) settings.stallTimeout().toMillis());
                if (tls) {
                    socket = handshake(socket, host, port, peer, settings);
                }
                send(socket, request(uri, host, port, tls, settings, from, known), peer);
                Wire wire = new Wire(socket.getInputStream(), peer, settings.stallTimeout());
                return new Exchange(socket, wire, ResponseHead.read(wire, settings.maxHeaderBytes()));
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }

        SourceStream stream(String location) throws IOException {
            InputStream body;
            String transfer = head.header("transfer-encoding");
            String contentLength = head.header("content-length");
            long length = -1;
            boolean live = false;
            if (transfer != null && transfer.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = new Bodies.Chunked(wire);
            } else if (contentLength != null) {
                length = parseLength(contentLength);
                body = new Bodies.Sized(wire, length);
            } else if (head.status() == 204) {
                length = 0;
                body = new Bodies.Sized(wire, 0);
            } else {
                live = true;
                body = new Bodies.UntilClose(wire);
            }
            return new HttpSourceStream(socket, wire, body, metaint(), head, location, live, length, offset());
        }

        /** Where a 206 (partial content) answer starts, from its Content-Range; 0 for a whole body. */
        private long offset() throws IOException {
            if (head.status() != 206) {
                return 0;
            }
            String range = head.header("content-range");
            Matcher m = range == null ? null : CONTENT_RANGE.matcher(range.strip());
            if (m == null || !m.matches()) {
                throw new IOException("the server answered 206 with the Content-Range \""
                        + ResponseHead.printable(String.valueOf(range)) + "\", which is not bytes START-END/TOTAL");
            }
            return Long.parseLong(m.group(1));
        }

        private long parseLength(String value) throws IOException {
            try {
                long length = Long.parseLong(value.strip());
                if (length >= 0) {
                    return length;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IOException("the server sent an invalid Content-Length \"" + ResponseHead.printable(value) + "\"");
        }

        private int metaint() throws IOException {
            String value = head.header("icy-metaint");
            if (value == null) {
                return 0;
            }
            try {
                int metaint = Integer.parseInt(value.strip());
                if (metaint > 0) {
                    return metaint;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IOException("the server sent an invalid icy-metaint \"" + ResponseHead.printable(value) + "\"");
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }

    private static void send(Socket socket, String request, String peer) throws IOException {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new IOException("connection to " + peer + " failed while sending the request: " + e.getMessage(), e);
        }
    }

    private static String request(URI uri, String host, int port, boolean tls, SourceSettings settings, long from,
                                  Validators known) {
        URI ascii = URI.create(uri.toASCIIString()); // "/tin tức.mp3" goes out as "/tin%20t%E1%BB%A9c.mp3"
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        if (ascii.getRawQuery() != null) {
            path += "?" + ascii.getRawQuery();
        }
        boolean defaultPort = port == (tls ? 443 : 80);
        String hostField = (host.contains(":") ? "[" + host + "]" : host) + (defaultPort ? "" : ":" + port);
        StringBuilder r = new StringBuilder(256)
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostField).append("\r\n")
                .append("User-Agent: ").append(settings.userAgent()).append("\r\n")
                .append("Accept: */*\r\n")
                .append("Icy-MetaData: 1\r\n")
                .append("Connection: close\r\n");
        if (from > 0) {
            r.append("Range: bytes=").append(from).append("-\r\n");
        }
        r.append(known.requestHeaders());
        if (uri.getRawUserInfo() != null) {
            String credentials = Base64.getEncoder().encodeToString(
                    decodePercent(uri.getRawUserInfo()).getBytes(StandardCharsets.UTF_8));
            r.append("Authorization: Basic ").append(credentials).append("\r\n");
        }
        return r.append("\r\n").toString();
    }

    private static String decodePercent(String raw) {
        return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Tries each address of {@code host} in turn: on 4G an IPv6 address is often listed but unroutable. */
    private static Socket connect(String host, int port, String peer, SourceSettings settings) throws IOException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IOException("unknown host " + host + " (check the URL, and the station's DNS and network)");
        }
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), (int) settings.connectTimeout().toMillis());
                socket.setTcpNoDelay(true);
                return socket;
            } catch (SocketTimeoutException e) {
                last = new IOException("no answer from " + peer + " within "
                        + SourceSettings.words(settings.connectTimeout()) + " (connect timeout)");
            } catch (ConnectException e) {
                last = new IOException(peer + " refused the connection (server down, or wrong port)");
            } catch (NoRouteToHostException e) {
                last = new IOException("no route to " + peer + " (network down?)");
            } catch (IOException e) {
                last = new IOException("cannot connect to " + peer + ": " + e.getMessage());
            }
            socket.close();
        }
        throw last;
    }

    private static Socket handshake(Socket plain, String host, int port, String peer, SourceSettings settings)
            throws IOException {
        SSLSocketFactory factory = settings.tls() != null
                ? settings.tls() : (SSLSocketFactory) SSLSocketFactory.getDefault();
        SSLSocket socket = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(host)) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException e) {
                // a name SNI cannot carry (e.g. with '_'): connect without it; the certificate is still checked
            }
        }
        socket.setSSLParameters(parameters);
        try {
            socket.startHandshake();
            return socket;
        } catch (SocketTimeoutException e) {
            throw new IOException("no TLS answer from " + peer + " for " + SourceSettings.words(settings.stallTimeout()));
        } catch (SSLException e) {
            throw new IOException("TLS with " + peer + " failed: " + TlsProblems.explain(e, host));
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }
}
