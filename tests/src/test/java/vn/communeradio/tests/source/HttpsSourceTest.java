package vn.communeradio.tests.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.link.TlsSockets;
import vn.communeradio.gateway.source.HttpSource;
import vn.communeradio.gateway.source.SourceSettings;
import vn.communeradio.gateway.source.SourceStream;
import vn.communeradio.tests.support.OpenSsl;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;

/**
 * HTTPS streams against a loopback server whose certificates come from a CA the test makes with OpenSSL: the
 * right name is accepted (SNI sent), a certificate for another host or from an unknown CA is refused in words.
 */
class HttpsSourceTest {

    @TempDir
    static Path pki;
    static SourceSettings trustingTestCa;
    static byte[] audio = new byte[70_001];

    private static void openssl(String... args) throws IOException, InterruptedException {
        OpenSsl.run(pki, args);
    }

    /** A server certificate for {@code names} (subjectAltName syntax), signed by the test CA, as PKCS#12. */
    private static void leaf(String name, String names) throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
        openssl("req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        Files.writeString(pki.resolve(name + ".ext"), "subjectAltName=" + names + "\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
        openssl("pkcs12", "-export", "-in", name + ".crt", "-inkey", name + ".key", "-out", name + ".p12",
                "-passout", "pass:test");
    }

    @BeforeAll
    static void pki() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ca.key");
        openssl("req", "-x509", "-new", "-key", "ca.key", "-days", "2", "-subj", "/CN=test stream CA", "-out", "ca.crt");
        leaf("localhost", "DNS:localhost,IP:127.0.0.1");
        leaf("other", "DNS:other.example");
        trustingTestCa = SourceSettings.defaults().withStallTimeout(Duration.ofSeconds(5))
                .withTls(TlsSockets.create(pki.resolve("ca.crt"), null, null));
        new Random(3).nextBytes(audio);
    }

    private static SSLContext serverContext(String leaf) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.resolve(leaf + ".p12"))) {
            keys.load(in, "test".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "test".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    @Test
    void aServerWithTheRightNameIsAcceptedAndGetsSni() throws Exception {
        try (StreamServer server = StreamServer.startTls(serverContext("localhost"))) {
            server.serve("/news.mp3", Reply.sized(audio).icy(5000, "tin tức"));
            try (SourceStream s = HttpSource.open(server.uri("localhost", "/news.mp3"), trustingTestCa)) {
                assertArrayEquals(audio, HttpSourceTest.readToEnd(s.body()));
                assertEquals("tin tức", s.title());
            }
            assertEquals(List.of("localhost"), server.lastRequest("/news.mp3").serverNames());
        }
    }

    @Test
    void anIpAddressInTheCertificateIsAcceptedToo() throws Exception {
        try (StreamServer server = StreamServer.startTls(serverContext("localhost"))) {
            server.serve("/c", Reply.chunked(audio, 4000));
            try (SourceStream s = HttpSource.open(server.uri("/c"), trustingTestCa)) {
                assertArrayEquals(audio, HttpSourceTest.readToEnd(s.body()));
            }
        }
    }

    @Test
    void anEarlyCloseOverTlsIsStillADrop() throws Exception {
        try (StreamServer server = StreamServer.startTls(serverContext("localhost"))) {
            server.serve("/f", Reply.sized(audio).dropAfter(30_000));
            try (SourceStream s = HttpSource.open(server.uri("localhost", "/f"), trustingTestCa)) {
                HttpSourceTest.Drop drop = HttpSourceTest.readToDrop(s.body());
                assertEquals(30_000, drop.received().length);
                assertEquals("localhost:" + server.port() + " closed the connection after 30000 of 70001 bytes",
                        drop.error().getMessage());
            }
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        try (StreamServer server = StreamServer.startTls(serverContext("other"))) {
            server.serve("/news.mp3", Reply.sized(audio));
            IOException e = assertThrows(IOException.class,
                    () -> HttpSource.open(server.uri("localhost", "/news.mp3"), trustingTestCa));
            assertEquals("stream " + server.uri("localhost", "/news.mp3") + ": TLS with localhost:" + server.port()
                    + " failed: its certificate is not for localhost (wrong host, or a captive portal in between)",
                    e.getMessage());
            assertEquals(0, server.connections("/news.mp3"), "no request may leave before the server is verified");
        }
    }

    @Test
    void aCertificateFromAnUnknownAuthorityIsRefused() throws Exception {
        try (StreamServer server = StreamServer.startTls(serverContext("localhost"))) {
            server.serve("/news.mp3", Reply.sized(audio));
            SourceSettings jvmTrust = SourceSettings.defaults();
            IOException e = assertThrows(IOException.class,
                    () -> HttpSource.open(server.uri("localhost", "/news.mp3"), jvmTrust));
            assertTrue(e.getMessage().endsWith("its certificate is not signed by an authority the station trusts"),
                    e.getMessage());
        }
    }
}
