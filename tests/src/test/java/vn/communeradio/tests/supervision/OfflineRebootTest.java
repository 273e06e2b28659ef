package vn.communeradio.tests.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.StationUnderTest;

/**
 * The service process asks for a reboot (exit status 75, relays off) when its broker has been unreachable for
 * link.reboot_after_offline_s and its route table (here a file of the test's: a LAN route, no default route)
 * shows no way out; never while an emergency plays. A room per test: each stops its broker.
 */
class OfflineRebootTest {

    private static final int AFTER_S = 5;

    @TempDir
    Path dir;

    private StationUnderTest station(String id, ControlRoom room) throws Exception {
        Path routes = Files.writeString(dir.resolve("route"), """
                Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
                eth0	000200C0	00000000	0001	0	0	0	00FFFFFF	0	0	0
                """);
        return room.station(id, dir.resolve(id),
                "link.reboot_after_offline_s = " + AFTER_S + "\nlink.route_tables = " + routes + "\n");
    }

    @Test
    void brokerGoneAndNoRouteStopsWithRelaysOffAndStatus75() throws Exception {
        try (ControlRoom room = ControlRoom.start(dir);
             StationUnderTest station = station("rb-1", room).start()) {
            Central central = room.central();
            String jti = central.send(room.district(), "rb-1", "play", Map.of("source", "tone:440"));
            central.awaitAck("rb-1", jti, "started");
            central.awaitState("rb-1", "\"amp\":true");

            long brokerGone = System.nanoTime();
            room.broker().stop();
            int status = station.process().awaitExit(Duration.ofSeconds(30));
            double after = (System.nanoTime() - brokerGone) / 1e9;

            String out = station.process().stdout();
            assertEquals(75, status, out);
            assertTrue(after >= AFTER_S && after < AFTER_S + 10, "exit " + after + " s after the broker went");
            assertTrue(out.contains("MQTT broker unreachable for " + AFTER_S + " s and no default route (["
                    + dir.resolve("route") + "])") && out.contains("stopping with status 75"), out);
            assertTrue(out.indexOf("stopping with status 75") < out.indexOf("station rb-1 stopped; relays off"),
                    "relays off before the exit: " + out);
            assertEquals("1", Files.readString(dir.resolve("rb-1/state/offline-reboots")).strip(),
                    "the next run knows it follows an offline reboot (and waits twice as long)");
        }
    }

    @Test
    void anEmergencyPlayingDelaysTheRebootUntilItEnds() throws Exception {
        int emergencyS = AFTER_S + 4;
        try (ControlRoom room = ControlRoom.start(dir);
             StationUnderTest station = station("rb-2", room).start()) {
            Central central = room.central();
            String jti = central.send(room.province(), "rb-2", "play",
                    Map.of("source", "tone:880", "priority", "emergency", "duration_s", emergencyS));
            central.awaitAck("rb-2", jti, "started");
            long started = System.nanoTime();
            room.broker().stop();

            station.process().awaitLine("no default route, but an emergency is on: the reboot waits until it ends",
                    Duration.ofSeconds(AFTER_S + 10));
            int status = station.process().awaitExit(Duration.ofSeconds(emergencyS + 15));
            double after = (System.nanoTime() - started) / 1e9;
            assertEquals(75, status, station.process().stdout());
            assertTrue(after >= emergencyS, "rebooted " + after + " s after the emergency started, which lasts "
                    + emergencyS + " s");
        }
    }
}
