package vn.communeradio.tests.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.LocalStation;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.ProvinceBroker;
import vn.communeradio.tests.support.SigningKeys;

/**
 * A district broker bridged to its province broker, both real Mosquitto instances on loopback, each run from the
 * shipped examples (packaging/examples/mosquitto: the province's mosquitto.conf and acl-central, the district's
 * bridge-district.conf; only ports, paths and the password moved). A station on the district broker is driven
 * from the province: a signed command published there reaches it, by its group's topic and by its own, and its
 * acks, retained state and broadcast log record come back up to the province's central account.
 */
class BridgeTest {

    static final String P = Central.PREFIX;
    static final String STATION = "st-d1";
    static final String GROUP = "commune-7";
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path work;

    final String centralPassword = "central-" + System.nanoTime();
    final String bridgePassword = "bridge-" + System.nanoTime();
    ProvinceBroker province;
    Mosquitto district;

    @BeforeEach
    void provinceAndDistrict() throws Exception {
        province = ProvinceBroker.start(work, List.of(), "# the province's own stations: none in this test\n",
                Map.of("central", centralPassword, "district-058", bridgePassword));
        // the district's station side is the test broker (plain, on loopback); the bridge section is the example's
        district = Mosquitto.start(province.districtBridge(bridgePassword));
    }

    @AfterEach
    void stopBrokers() throws Exception {
        if (district != null) {
            district.close();
        }
        if (province != null) {
            province.close();
        }
    }

    @Test
    void aCommandPublishedAtTheProvinceReachesADistrictStationAndItsAcksAndLogComeBack() throws Exception {
        SigningKeys keys = new SigningKeys(work.resolve("keys"));
        CommandSigner provinceKey = keys.create("province");
        try (MqttTestClient bridgeState = province.central("central", centralPassword,
                P + "/bridge/district-058/state")) {
            bridgeState.await(m -> m.payload().equals("1"), WAIT);
        }
        try (Central central = new Central(province.central("central", centralPassword,
                     P + "/station/+/ack", P + "/station/+/state", P + "/station/+/log"));
             LocalStation station = LocalStation.start(STATION, work.resolve(STATION), district.url(), keys.dir(),
                     "station.groups", GROUP, "playback.warmup_ms", "0")) {
            central.awaitState(STATION, "\"online\":true");

            String play = central.sendTo(provinceKey, "group/" + GROUP, "play",
                    Map.of("source", "tone:660", "priority", "emergency", "duration_s", 1));
            central.awaitAck(STATION, play, "accepted");
            central.awaitAck(STATION, play, "started");
            central.awaitAck(STATION, play, "finished");
            MqttTestClient.Received log = central.client().await(m -> m.topic().equals(P + "/station/" + STATION
                    + "/log") && play.equals(Central.ack(m.payload()).get("jti")), WAIT);
            assertEquals("finished", Central.ack(log.payload()).get("outcome"), log.payload());
            assertEquals(List.of("accepted", "started", "finished"), central.statuses(play),
                    "each ack once, in order, through the bridge");
            assertTrue(station.changes("amp").stream().anyMatch(c -> c.on()), "the station played it");

            String ping = central.send(provinceKey, STATION, "ping", Map.of());
            central.awaitAck(STATION, ping, "finished");
        }
        // the state went up retained: a central system that connects later still learns the station's last word
        try (MqttTestClient late = province.central("central", centralPassword, P + "/station/" + STATION + "/state")) {
            MqttTestClient.Received state = late.await(m -> true, WAIT);
            assertTrue(state.retained(), "retained at the province: " + state);
        }
    }
}
