package vn.communeradio.gateway.tool;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** How to reach the broker, with the same TLS and login settings a station has (mqtt.url, mqtt.tls.*). */
record BrokerOptions(URI url, Path ca, Path cert, Path clientKey, String username, String password) {

    static BrokerOptions parse(Options options) throws UsageException {
        String text = options.required("send", "--broker");
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new UsageException("send: --broker '" + Names.printable(text) + "' is not a URL: " + e.getReason());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("tcp") && !scheme.equals("ssl") || url.getHost() == null) {
            throw new UsageException("send: --broker '" + Names.printable(text)
                    + "' must be tcp://HOST[:PORT] or ssl://HOST[:PORT]");
        }
        if (url.getPath() != null && !url.getPath().isEmpty() && !url.getPath().equals("/")) {
            throw new UsageException("send: --broker '" + Names.printable(text) + "' must not have a path; "
                    + "topics are set with --prefix");
        }
        Path ca = file(options, "--ca");
        Path cert = file(options, "--cert");
        Path clientKey = file(options, "--client-key");
        if (!scheme.equals("ssl") && (ca != null || cert != null || clientKey != null)) {
            throw new UsageException("send: --ca, --cert and --client-key need an ssl:// broker");
        }
        if ((cert == null) != (clientKey == null)) {
            throw new UsageException("send: --cert and --client-key go together (the client certificate and its key)");
        }
        String username = options.get("--username").orElse("");
        String password = options.get("--password").orElse("");
        if (username.isEmpty() && !password.isEmpty()) {
            throw new UsageException("send: --password needs --username");
        }
        return new BrokerOptions(url, ca, cert, clientKey, username, password);
    }

    private static Path file(Options options, String name) throws UsageException {
        String text = options.get(name).orElse(null);
        if (text == null) {
            return null;
        }
        Path path = Path.of(text);
        if (!Files.isReadable(path) || Files.isDirectory(path)) {
            throw new UsageException("send: " + name + " " + text + ": "
                    + (Files.exists(path) ? "cannot read it" : "no such file"));
        }
        return path;
    }

    boolean tls() {
        return url.getScheme().equalsIgnoreCase("ssl");
    }

    /** Paho wants an explicit port; tcp:// and ssl:// default to 1883 and 8883 as for stations. */
    String serverUri() {
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost() + ":" + port();
    }

    int port() {
        return url.getPort() > 0 ? url.getPort() : tls() ? 8883 : 1883;
    }

    /** host:port, for messages. */
    String address() {
        return url.getHost() + ":" + port();
    }
}
