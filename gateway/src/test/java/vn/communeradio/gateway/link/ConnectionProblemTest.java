package vn.communeradio.gateway.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * A broker refusing this station's client certificate is told in the same words however the TLS handshake ends:
 * with the broker's alert (which one depends on the TLS version) or with the connection closed under it.
 */
class ConnectionProblemTest {

    private static MqttLink link() throws Exception {
        MqttLink.Settings settings = new MqttLink.Settings(URI.create("ssl://10.0.0.5:8883"), "commune-radio-st-1",
                new Topics("communeradio/v1", "st-1", List.of()), 30, "", "", null, null, null,
                Duration.ofSeconds(30), 100, 5);
        return new MqttLink(settings, (target, payload, retained) -> { }, () -> new byte[0], () -> new byte[0]);
    }

    @Test
    void theBrokersCertificateAlertsSayItRefusesThisStationsCertificate() throws Exception {
        MqttLink link = link();
        for (String alert : List.of("unknown_ca", "bad_certificate", "certificate_required", "certificate_expired")) {
            Exception e = new Exception("MqttException", new SSLHandshakeException("Received fatal alert: " + alert));
            assertEquals("MQTT broker 10.0.0.5:8883 refused TLS: it does not accept this station's client certificate "
                    + "(mqtt.tls.cert): Received fatal alert: " + alert, link.describe(e));
        }
    }

    @Test
    void otherTlsFailuresNameEveryTlsSetting() throws Exception {
        Exception e = new Exception("MqttException", new SSLHandshakeException("Received fatal alert: protocol_version"));
        assertEquals("MQTT broker 10.0.0.5:8883 refused TLS: Received fatal alert: protocol_version (check mqtt.tls.ca, "
                + "mqtt.tls.cert and mqtt.tls.key)", link().describe(e));
    }
}
