package vn.communeradio.tests.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StationUnderTest;

/**
 * One sender with a wrong clock must not silence the province's emergencies: the packaged service as a process
 * on a clock it cannot call synchronised, a real Mosquitto, key "district" (ordinary; its PC's clock an hour fast)
 * and key "province" (allowed emergencies; a right clock).
 */
class FastSenderClockTest {

    private static final String PREFIX = "communeradio/v1";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long HOUR = 3600;

    @TempDir
    Path dir;
    private Mosquitto broker;
    private MqttTestClient central;
    private StationUnderTest station;
    private CommandSigner fast;
    private CommandSigner province;
    private int jtis;

    @BeforeEach
    void setUp() throws Exception {
        broker = Mosquitto.start();
        SigningKeys keys = new SigningKeys(dir.resolve("keys"));
        fast = keys.create("district");
        province = keys.create("province");
        central = new MqttTestClient(broker.url(), PREFIX + "/station/+/ack", PREFIX + "/station/+/state");
        station = new StationUnderTest("st-fast-clock", dir.resolve("station"), broker.url(), keys.dir(),
                "clock.sync_marker = " + dir.resolve("no-such-marker") + "\n");
        station.start();
        awaitState("\"clock_synced\":false");
    }

    @AfterEach
    void tearDown() throws Exception {
        station.close();
        central.close();
        broker.close();
    }

    @Test
    void aFastSenderDoesNotSilenceAnotherSendersEmergency() throws Exception {
        long now = Instant.now().getEpochSecond();

        // 1. the fast sender's ping, an hour ahead: answered, and it is told how far ahead it is
        String ping = publish(token(fast, now + HOUR, 60, "ping", Map.of()));
        Map<String, Object> accepted = awaitAck(ping, "accepted");
        long ahead = (Long) accepted.get("iat_ahead_s");
        assertTrue(Math.abs(ahead - HOUR) <= 5, accepted.toString());
        awaitAck(ping, "finished");
        station.process().awaitLine("command " + ping + " ping from key district .* its iat is \\d+ s ahead of this "
                + "station's clock", WAIT);

        // what the station learnt of each sender's clock survives a restart
        int before = central.received().size();
        assertEquals(143, station.stop());
        station.start();
        central.await(m -> m.topic().endsWith("/state") && m.payload().contains("\"online\":true"), before, WAIT);

        // 2. the province's correctly dated emergency is obeyed, and its pings answered
        String alertToken = token(province, now, 300, "play",
                Map.of("source", "tone:1000", "priority", "emergency", "duration_s", 1));
        String alert = publish(alertToken);
        assertEquals(null, awaitAck(alert, "accepted").get("iat_ahead_s"));
        awaitAck(alert, "started");
        awaitAck(alert, "finished");
        awaitAck(publish(token(province, now + 1, 60, "ping", Map.of())), "finished");

        // 3. a replay is still a replay
        central.publish(cmdTopic(), alertToken, false);
        assertRejected(alert, "replay", "already received");

        // 4. a command long expired by the station's clock is expired, whoever sends it
        assertRejected(publish(token(province, now - 2 * 86_400, 300, "ping", Map.of())), "expired",
                "station's clock");
        // and the fast sender's own correctly dated command is older than its newer one: expired by its own clock
        assertRejected(publish(token(fast, now, 300, "ping", Map.of())), "expired", "key 'district'");

        // 5. the fast sender's start_at is read on its own clock: "in 2 s", not "in an hour and 2 s"
        String later = publish(token(fast, now + HOUR, 120, "play",
                Map.of("source", "tone:440", "duration_s", 1, "start_at", now + HOUR + 2)));
        awaitAck(later, "started");
        awaitAck(later, "finished");
    }

    private String token(CommandSigner key, long iat, long lifetime, String cmd, Map<String, ?> args) {
        return key.sign(CommandSigner.claims("fc-" + (++jtis), "test", "station/" + station.id(), iat,
                iat + lifetime, cmd, args));
    }

    /** Publishes a token and returns its jti. */
    private String publish(String token) throws Exception {
        central.publish(cmdTopic(), token, false);
        return "fc-" + jtis;
    }

    private String cmdTopic() {
        return PREFIX + "/station/" + station.id() + "/cmd";
    }

    private Map<String, Object> awaitAck(String jti, String status) throws Exception {
        String payload = central.await(m -> m.topic().endsWith("/ack") && jti.equals(ack(m.payload()).get("id"))
                && status.equals(ack(m.payload()).get("status")), WAIT).payload();
        return ack(payload);
    }

    private void assertRejected(String jti, String code, String reasonFragment) throws Exception {
        Map<String, Object> ack = awaitAck(jti, "rejected");
        assertEquals(code, ack.get("code"), ack.toString());
        assertTrue(String.valueOf(ack.get("reason")).contains(reasonFragment), ack.toString());
    }

    private void awaitState(String fragment) throws InterruptedException {
        central.await(m -> m.topic().endsWith("/state") && m.payload().contains(fragment), WAIT);
    }

    private static Map<String, Object> ack(String json) {
        try {
            return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
