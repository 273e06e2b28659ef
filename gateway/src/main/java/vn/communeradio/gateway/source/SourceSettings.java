package vn.communeradio.gateway.source;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLSocketFactory;
import vn.communeradio.gateway.Version;

/**
 * How the station talks to stream servers. The defaults suit 4G: a connection may take seconds to set up,
 * but a live stream that sends nothing for 10 s is gone and is better reconnected (or failed over) than waited on.
 *
 * @param connectTimeout  how long a TCP connect (each address of the host in turn) may take
 * @param stallTimeout    how long a read may wait with no byte arriving before the source counts as dropped;
 *                        also bounds the TLS handshake and the wait for the response header
 * @param maxRedirects    how many redirects one open may follow (a redirect loop fails after this many)
 * @param userAgent       the User-Agent header; stream servers log it, so it names the product and version
 * @param maxHeaderBytes  the most bytes a response header may have (status line and all fields)
 * @param tls             where TLS sockets come from; null for the JVM's default trust store
 */
public record SourceSettings(Duration connectTimeout, Duration stallTimeout, int maxRedirects, String userAgent,
                             int maxHeaderBytes, SSLSocketFactory tls) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_REDIRECTS = 5;
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

    public SourceSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(userAgent, "userAgent");
        if (connectTimeout.toMillis() < 1 || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connect timeout must be between 1 ms and 24 days: " + connectTimeout);
        }
        if (stallTimeout.toMillis() < 1 || stallTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("stall timeout must be between 1 ms and 24 days: " + stallTimeout);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("max redirects must not be negative: " + maxRedirects);
        }
        if (maxHeaderBytes < 256) {
            throw new IllegalArgumentException("max header bytes must be at least 256: " + maxHeaderBytes);
        }
        if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("user agent must be printable ASCII: " + userAgent);
        }
    }

    /** The defaults: connect 10 s, stall 10 s, 5 redirects, 16 KiB of header, the JVM's trust store. */
    public static SourceSettings defaults() {
        return new SourceSettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_STALL_TIMEOUT, DEFAULT_MAX_REDIRECTS,
                "CommuneRadioGateway/" + Version.current(), DEFAULT_MAX_HEADER_BYTES, null);
    }

    public SourceSettings withConnectTimeout(Duration timeout) {
        return new SourceSettings(timeout, stallTimeout, maxRedirects, userAgent, maxHeaderBytes, tls);
    }

    public SourceSettings withStallTimeout(Duration timeout) {
        return new SourceSettings(connectTimeout, timeout, maxRedirects, userAgent, maxHeaderBytes, tls);
    }

    public SourceSettings withMaxRedirects(int redirects) {
        return new SourceSettings(connectTimeout, stallTimeout, redirects, userAgent, maxHeaderBytes, tls);
    }

    public SourceSettings withUserAgent(String agent) {
        return new SourceSettings(connectTimeout, stallTimeout, maxRedirects, agent, maxHeaderBytes, tls);
    }

    /** TLS sockets from {@code factory} (e.g. trusting a private CA); null for the JVM's default trust store. */
    public SourceSettings withTls(SSLSocketFactory factory) {
        return new SourceSettings(connectTimeout, stallTimeout, maxRedirects, userAgent, maxHeaderBytes, factory);
    }

    /** "10 s", or "500 ms" below a second, for messages. */
    static String words(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
