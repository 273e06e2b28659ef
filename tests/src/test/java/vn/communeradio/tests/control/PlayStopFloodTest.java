package vn.communeradio.tests.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.hal.gpio.RelayChange;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.LocalStation;
import vn.communeradio.tests.support.RunsAlone;

/**
 * Hundreds of valid signed play/stop commands within seconds through a real Mosquitto: the relays never switch
 * faster than their minimum interval (the simulated GPIO's switch log), every command gets its acks with one final
 * status per session, the last wish wins, and the station answers a ping at once afterwards. The rate limit is
 * raised here so that every command is executed: that limit has its own tests.
 */
@RunsAlone
class PlayStopFloodTest {

    static final int COMMANDS = 400;
    static final long MIN_INTERVAL_MS = 1000;
    static final List<String> FINALS = List.of("finished", "stopped", "failed", "preempted");

    @TempDir
    Path dir;

    @Test
    void aFloodOfPlayAndStopNeverMakesRelaysChatterAndEveryCommandIsAnswered() throws Exception {
        try (ControlRoom room = ControlRoom.start(dir)) {
            Central central = room.central();
            CommandSigner district = room.district();
            try (LocalStation station = LocalStation.start("flood-1", dir.resolve("station"), room.broker().url(),
                    room.keys().dir(), "security.max_commands_per_s", "1000", "playback.warmup_ms", "300",
                    "playback.idle_hold_s", "0", "relay.min_interval_ms", String.valueOf(MIN_INTERVAL_MS))) {
                central.awaitState(station.id(), "\"online\":true");
                Instant before = Instant.now();
                List<String> plays = new ArrayList<>();
                List<String> stops = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int i = 0; i < COMMANDS; i++) {
                    if (i % 2 == 0) {
                        plays.add(central.send(district, station.id(), "play",
                                Map.of("source", "tone:" + (300 + i), "zones", List.of(1 + (i / 2) % 2))));
                    } else {
                        stops.add(central.send(district, station.id(), "stop", Map.of()));
                    }
                }
                String last = central.send(district, station.id(), "play", Map.of("source", "tone:440"));
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertTrue(seconds < 10, COMMANDS + " commands took " + seconds + " s to publish");

                // responsive: a ping behind the flood is answered promptly
                long pinged = System.currentTimeMillis();
                String ping = central.send(district, station.id(), "ping", Map.of());
                long answered = ((Number) central.awaitAck(station.id(), ping, "finished").get("ts")).longValue();
                assertTrue(answered - pinged < 2000, "ping answered " + (answered - pinged) + " ms after the flood");

                central.awaitAck(station.id(), last, "started", Duration.ofSeconds(10));
                for (String jti : stops) {
                    assertEquals(List.of("accepted", "finished"), central.statuses(jti), "stop " + jti);
                }
                for (String jti : plays) {
                    central.awaitFinal(station.id(), jti, Duration.ofSeconds(10));
                    List<String> statuses = central.statuses(jti);
                    assertEquals("accepted", statuses.get(0), jti + ": " + statuses);
                    assertEquals(1, statuses.stream().filter(FINALS::contains).count(), jti + ": " + statuses);
                    assertTrue(statuses.stream().filter("started"::equals).count() <= 1, jti + ": " + statuses);
                }

                // the last wish wins: the last play is on, amp and both zones, once the contacts have followed
                for (String channel : List.of("amp", "zone1", "zone2")) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                    while (!station.relays().isOn(channel) && System.nanoTime() < deadline) {
                        Thread.sleep(10); // polling the switch log: the simulated GPIO has no listener
                    }
                    assertTrue(station.relays().isOn(channel), channel + " on for the last play");
                }
                int switchings = 0;
                for (String channel : List.of("amp", "zone1", "zone2")) {
                    List<RelayChange> changes = station.changes(channel).stream()
                            .filter(c -> !c.at().isBefore(before)).toList();
                    switchings += changes.size();
                    for (int i = 1; i < changes.size(); i++) {
                        long gap = Duration.between(changes.get(i - 1).at(), changes.get(i).at()).toMillis();
                        assertTrue(gap >= MIN_INTERVAL_MS - 5, channel + " switched twice " + gap + " ms apart: "
                                + changes);
                    }
                }
                System.out.printf("%d commands in %.2f s: %d relay switchings in all%n", COMMANDS + 1, seconds,
                        switchings);
            }
        }
    }
}
