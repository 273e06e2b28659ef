package vn.communeradio.tests.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.ProvinceBroker;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StationUnderTest;

/**
 * The province broker example (packaging/examples/mosquitto) run as shipped on a real Mosquitto, only its paths
 * and ports moved to the test's: a station's certificate reads only its own and its groups' commands and writes
 * only its own topics; the central account sends and reads; a real station goes online through it.
 */
class ProvinceBrokerExampleTest {

    static final Path EXAMPLE = ProvinceBroker.EXAMPLES;
    static final String P = Central.PREFIX;
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path work;

    ProvinceBroker province;
    final String centralPassword = "central-secret-" + System.nanoTime();

    @BeforeEach
    void provinceBroker() throws Exception {
        province = ProvinceBroker.start(work, List.of("st-a", "st-b"), """
                # id,groups
                st-a,commune-1 district-9
                st-b,commune-2 district-9
                """, Map.of("central", centralPassword));
    }

    @AfterEach
    void stopBroker() throws Exception {
        if (province != null) {
            province.close();
        }
    }

    /** A client with station {@code id}'s certificate. */
    private MqttTestClient station(String id, String clientId, String... subscriptions) throws Exception {
        return province.station(id, clientId, subscriptions);
    }

    private MqttTestClient central(String... subscriptions) throws Exception {
        return province.central("central", centralPassword, subscriptions);
    }

    private static Set<String> topics(MqttTestClient client) {
        return client.received().stream().map(MqttTestClient.Received::topic).collect(Collectors.toSet());
    }

    /** A publish the broker refuses may fail the client's call (MQTT 5 PUBACK 0x87); either way it goes nowhere. */
    private static void tryPublish(MqttTestClient client, String topic, boolean retained) {
        try {
            client.publish(topic, "forged by st-a", retained);
        } catch (MqttException e) {
            // refused: what this test wants
        }
    }

    @Test
    void aStationReadsOnlyItsOwnAndItsGroupsCommands() throws Exception {
        try (MqttTestClient central = central();
             MqttTestClient a = station("st-a", "st-a");
             MqttTestClient b = station("st-b", "st-b", P + "/station/st-b/cmd")) {
            assertEquals(1, a.subscribe(P + "/station/st-a/cmd"), "own commands");
            assertEquals(1, a.subscribe(P + "/group/commune-1/cmd"), "its commune's");
            assertEquals(1, a.subscribe(P + "/group/district-9/cmd"), "its district's");
            // Mosquitto 2.0 grants these subscriptions (SUBACK 1) and checks the ACL on every delivery instead:
            // what matters is that nothing of another station's or group's arrives
            a.subscribe(P + "/station/st-b/cmd");
            a.subscribe(P + "/group/commune-2/cmd");
            a.subscribe(P + "/station/+/cmd");
            a.subscribe(P + "/#");

            central.publish(P + "/station/st-b/cmd", "for st-b", false);
            central.publish(P + "/group/commune-2/cmd", "for commune-2", false);
            central.publish(P + "/group/district-9/cmd", "for district-9", false);
            central.publish(P + "/group/commune-1/cmd", "for commune-1", false);
            central.publish(P + "/station/st-a/cmd", "for st-a", false);

            b.await(m -> m.payload().equals("for st-b"), WAIT); // it was published, to whom may read it
            a.await(m -> m.payload().equals("for st-a"), WAIT); // published last: whatever came before is in
            a.await(m -> m.payload().equals("for district-9"), WAIT);
            a.await(m -> m.payload().equals("for commune-1"), WAIT);
            assertEquals(Set.of(P + "/station/st-a/cmd", P + "/group/commune-1/cmd", P + "/group/district-9/cmd"),
                    topics(a), "st-a received: " + a.received());
        }
    }

    @Test
    void aStationWritesOnlyItsOwnTopics() throws Exception {
        List<String> kinds = List.of("ack", "state", "telemetry", "log");
        try (MqttTestClient central = central(P + "/station/+/ack", P + "/station/+/state",
                     P + "/station/+/telemetry", P + "/station/+/log");
             MqttTestClient b = station("st-b", "st-b", P + "/station/st-b/cmd", P + "/group/district-9/cmd");
             MqttTestClient a = station("st-a", "st-a")) {
            for (String kind : kinds) {
                tryPublish(a, P + "/station/st-b/" + kind, kind.equals("state"));
            }
            tryPublish(a, P + "/station/st-b/cmd", false);
            tryPublish(a, P + "/group/district-9/cmd", false); // its own group: it reads commands, never sends
            for (String kind : kinds) {
                a.publish(P + "/station/st-a/" + kind, "from st-a", kind.equals("state"));
            }
            central.publish(P + "/station/st-b/cmd", "from central", false);

            central.await(m -> m.topic().equals(P + "/station/st-a/log"), WAIT);
            assertEquals(kinds.stream().map(k -> P + "/station/st-a/" + k).collect(Collectors.toSet()),
                    topics(central), "central received: " + central.received());
            b.await(m -> m.payload().equals("from central"), WAIT);
            assertEquals(1, b.received().size(), "st-b received: " + b.received());
        }
    }

    @Test
    void aStationCannotTakeOverAnothersSessionWithItsClientId() throws Exception {
        try (MqttTestClient central = central();
             MqttTestClient b = station("st-b", "st-b", P + "/station/st-b/cmd");
             MqttTestClient a = station("st-a", "st-b")) {
            central.publish(P + "/station/st-b/cmd", "still there", false);
            b.await(m -> m.payload().equals("still there"), WAIT);
            assertTrue(a.isConnected() && b.isConnected(), "the client id is the certificate's name");
        }
    }

    @Test
    void aRealStationGoesOnlineThroughTheExampleAndObeysItsGroup() throws Exception {
        SigningKeys keys = new SigningKeys(work.resolve("keys"));
        CommandSigner district = keys.create("district");
        try (Central central = new Central(central(P + "/station/+/ack", P + "/station/+/state"));
             StationUnderTest station = new StationUnderTest("st-a", work.resolve("st-a"),
                     "ssl://127.0.0.1:" + province.stationPort(), keys.dir(), """
                     station.groups = commune-1,district-9
                     mqtt.tls.ca = %s
                     mqtt.tls.cert = %s
                     mqtt.tls.key = %s
                     """.formatted(province.pki().cert("province-ca"), province.pki().cert("st-a"),
                     province.pki().key("st-a"))).start()) {
            central.awaitState("st-a", "\"online\":true");
            String jti = central.sendTo(district, "group/district-9", "ping", Map.of());
            central.awaitAck("st-a", jti, "finished");

            // its Last Will goes through the ACL too: central sees it offline when it dies
            station.process().kill();
            central.awaitState("st-a", "\"online\":false");
        }
    }
}
