package vn.communeradio.tests.link;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.OpenSsl;
import vn.communeradio.tests.support.ServiceProcess;
import vn.communeradio.tests.support.StationUnderTest;

/**
 * A broker that requires TLS client certificates, with a PKI made by the test with OpenSSL: the right
 * certificate connects; a certificate from another CA, or an untrusted broker, is refused with a clear log line.
 */
class TlsBrokerTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    Path pki;
    Mosquitto broker;
    int tlsPort;

    private void openssl(String... args) throws IOException, InterruptedException {
        OpenSsl.run(pki, args);
    }

    private void ca(String name) throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
        openssl("req", "-x509", "-new", "-key", name + ".key", "-days", "2", "-subj", "/CN=" + name, "-out", name + ".crt");
    }

    private void leaf(String name, String ca, String extensions) throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
        openssl("req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        Files.writeString(pki.resolve(name + ".ext"), extensions);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
    }

    @BeforeEach
    void pkiAndBroker() throws Exception {
        pki = Files.createTempDirectory("pki-");
        Files.setPosixFilePermissions(pki, PosixFilePermissions.fromString("rwxr-xr-x"));
        ca("ca");
        ca("rogue-ca");
        leaf("broker", "ca", "subjectAltName=IP:127.0.0.1\n");
        leaf("station", "ca", "extendedKeyUsage=clientAuth\n");
        leaf("intruder", "rogue-ca", "extendedKeyUsage=clientAuth\n");
        try (var files = Files.list(pki)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        tlsPort = Mosquitto.freePort();
        broker = Mosquitto.start("""
                listener %d 127.0.0.1
                cafile %s
                certfile %s
                keyfile %s
                require_certificate true
                """.formatted(tlsPort, pki.resolve("ca.crt"), pki.resolve("broker.crt"), pki.resolve("broker.key")));
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private StationUnderTest station(String id, String ca, String cert) throws IOException {
        return new StationUnderTest(id, pki.resolve(id), "ssl://127.0.0.1:" + tlsPort, pki.resolve("no-keys"), """
                mqtt.tls.ca = %s
                mqtt.tls.cert = %s
                mqtt.tls.key = %s
                """.formatted(pki.resolve(ca + ".crt"), pki.resolve(cert + ".crt"), pki.resolve(cert + ".key")));
    }

    @Test
    void aStationWithItsCertificateConnectsOverTls() throws Exception {
        try (MqttTestClient central = new MqttTestClient(broker.url(), "communeradio/v1/station/+/state");
             StationUnderTest s = station("tls-ok", "ca", "station").start()) {
            central.await(m -> m.topic().endsWith("tls-ok/state") && m.payload().contains("\"online\":true"), WAIT);
        }
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedWithAClearLogLine() throws Exception {
        try (StationUnderTest s = station("tls-bad", "ca", "intruder")) {
            ServiceProcess p = ServiceProcess.start(pki.resolve("tls-bad"), "run", "--config",
                    pki.resolve("tls-bad/gateway.properties").toString());
            try {
                String line = p.awaitLine("WARN .*MQTT broker 127.0.0.1:" + tlsPort, WAIT);
                assertTrue(line.contains("TLS") && line.contains("client certificate (mqtt.tls.cert)"), line);
                assertFalse(line.contains("Exception"), "no exception class names for a technician: " + line);
                assertFalse(p.stdout().contains("connected, subscribed"), p.stdout());
            } finally {
                p.close();
            }
        }
    }

    @Test
    void anUntrustedBrokerIsRefusedWithAClearLogLine() throws Exception {
        try (StationUnderTest s = station("tls-mitm", "rogue-ca", "station")) {
            ServiceProcess p = ServiceProcess.start(pki.resolve("tls-mitm"), "run", "--config",
                    pki.resolve("tls-mitm/gateway.properties").toString());
            try {
                String line = p.awaitLine("WARN .*MQTT broker 127.0.0.1:" + tlsPort, WAIT);
                assertTrue(line.contains("refused TLS: its certificate is not signed by a CA in mqtt.tls.ca"), line);
            } finally {
                p.close();
            }
        }
    }
}
