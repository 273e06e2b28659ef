package vn.communeradio.tests.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.StationUnderTest;

/**
 * One sender with a wrong clock must not silence the province's emergencies: the packaged service as a process
 * on a clock it cannot call synchronised, a real Mosquitto, key "district" (ordinary; its PC's clock an hour fast)
 * and key "province" (allowed emergencies; a right clock).
 */
class FastSenderClockTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long HOUR = 3600;

    @TempDir
    Path dir;
    private ControlRoom room;
    private Central central;
    private StationUnderTest station;
    private CommandSigner fast;
    private CommandSigner province;
    private int jtis;

    @BeforeEach
    void setUp() throws Exception {
        room = ControlRoom.start(dir);
        central = room.central();
        fast = room.district();
        province = room.province();
        station = room.station("st-fast-clock", dir.resolve("station"),
                "clock.sync_marker = " + dir.resolve("no-such-marker") + "\n");
        station.start();
        central.awaitState(station.id(), "\"clock_synced\":false");
    }

    @AfterEach
    void tearDown() throws Exception {
        station.close();
        room.close();
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
        int before = central.client().received().size();
        assertEquals(143, station.stop());
        station.start();
        central.awaitState(station.id(), "\"online\":true", before, WAIT);

        // 2. the province's correctly dated emergency is obeyed, and its pings answered
        String alertToken = token(province, now, 300, "play",
                Map.of("source", "tone:1000", "priority", "emergency", "duration_s", 1));
        String alert = publish(alertToken);
        assertEquals(null, awaitAck(alert, "accepted").get("iat_ahead_s"));
        awaitAck(alert, "started");
        awaitAck(alert, "finished");
        awaitAck(publish(token(province, now + 1, 60, "ping", Map.of())), "finished");

        // 3. a replay is still a replay
        publish(alertToken);
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
        return Central.token(key, "fc-" + (++jtis), "station/" + station.id(), iat, iat + lifetime, cmd, args);
    }

    /** Publishes a token and returns its jti. */
    private String publish(String token) throws Exception {
        central.publishTo("station/" + station.id(), token, false);
        return "fc-" + jtis;
    }

    private Map<String, Object> awaitAck(String jti, String status) throws Exception {
        return central.awaitAck(station.id(), jti, status, WAIT);
    }

    private void assertRejected(String jti, String code, String reasonFragment) throws Exception {
        central.awaitRejected(station.id(), jti, code, reasonFragment);
    }
}
