package vn.communeradio.tests.link;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.ServiceProcess;
import vn.communeradio.tests.support.StationUnderTest;
import vn.communeradio.tests.support.TestPki;

/**
 * A broker that requires TLS client certificates, with a PKI made by the test with OpenSSL: the right
 * certificate connects; a certificate from another CA, or an untrusted broker, is refused with a clear log line.
 */
class TlsBrokerTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    TestPki pki;
    Mosquitto broker;
    int tlsPort;

    @BeforeEach
    void pkiAndBroker() throws Exception {
        pki = TestPki.create()
                .ca("ca")
                .ca("rogue-ca")
                .leaf("broker", "ca", "subjectAltName=IP:127.0.0.1\n")
                .leaf("station", "ca", "extendedKeyUsage=clientAuth\n")
                .leaf("intruder", "rogue-ca", "extendedKeyUsage=clientAuth\n");
        tlsPort = Mosquitto.freePort();
        broker = Mosquitto.start("""
                listener %d 127.0.0.1
                cafile %s
                certfile %s
                keyfile %s
                require_certificate true
                """.formatted(tlsPort, pki.cert("ca"), pki.cert("broker"), pki.key("broker")));
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private StationUnderTest station(String id, String ca, String cert) throws IOException {
        return new StationUnderTest(id, pki.dir().resolve(id), "ssl://127.0.0.1:" + tlsPort,
                pki.dir().resolve("no-keys"), """
                mqtt.tls.ca = %s
                mqtt.tls.cert = %s
                mqtt.tls.key = %s
                """.formatted(pki.cert(ca), pki.cert(cert), pki.key(cert)));
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
            ServiceProcess p = ServiceProcess.start(pki.dir().resolve("tls-bad"), "run", "--config",
                    pki.dir().resolve("tls-bad/gateway.properties").toString());
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
            ServiceProcess p = ServiceProcess.start(pki.dir().resolve("tls-mitm"), "run", "--config",
                    pki.dir().resolve("tls-mitm/gateway.properties").toString());
            try {
                String line = p.awaitLine("WARN .*MQTT broker 127.0.0.1:" + tlsPort, WAIT);
                assertTrue(line.contains("refused TLS: its certificate is not signed by a CA in mqtt.tls.ca"), line);
            } finally {
                p.close();
            }
        }
    }
}
