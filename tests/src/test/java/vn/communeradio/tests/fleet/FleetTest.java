package vn.communeradio.tests.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.hal.gpio.RelayChange;
import vn.communeradio.tests.support.Fleet;
import vn.communeradio.tests.support.GroupBroadcast;
import vn.communeradio.tests.support.LocalStation;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.RunsAlone;

/**
 * A small province in CI: {@value #STATIONS} real stations (the gateway's code, simulated GPIO, null audio) on one
 * Mosquitto, one group. An emergency sent to the group with the operator's {@code send} tool plays on every one of
 * them: each acks {@code accepted}, {@code started} and {@code finished} exactly once, logs it once, and switched
 * its amplifier on; nothing is lost. The full-size run with its figures is {@code FleetBench} (docs/scale.md).
 */
@RunsAlone
class FleetTest {

    static final int STATIONS = 50;
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aGroupEmergencySentWithTheOperatorsToolPlaysOnEveryStationOnce() throws Exception {
        try (Mosquitto broker = Mosquitto.start()) {
            Path key = Fleet.operatorKey(dir.resolve("operator"), "province", dir.resolve("keys"));
            try (Fleet fleet = Fleet.start(STATIONS, dir.resolve("stations"), broker.url(), dir.resolve("keys"), 4)) {
                fleet.awaitOnline(Duration.ofSeconds(60));
                Instant sent = Instant.now();
                GroupBroadcast b = fleet.send(key, "province",
                        "{\"source\":\"tone:880\",\"priority\":\"emergency\",\"duration_s\":1}", "started", WAIT);
                assertEquals(0, b.sendStatus(), "the operator's tool: every station of the group accepted; "
                        + b.sendOutput());
                assertTrue(b.publishedNanos() > 0, "the ingest saw the command on the group topic");
                assertEquals(List.of(), b.missing("started"), "stations that never acked started");

                fleet.awaitAll(b.jti(), "/log", "", WAIT);
                b = fleet.refresh(b);
                Map<String, Integer> once = fleet.ids().stream().collect(Collectors.toMap(Function.identity(), id -> 1));
                for (String status : List.of("accepted", "started", "finished")) {
                    assertEquals(once, b.acks(status), status + " acks per station");
                }
                assertEquals(once, b.logRecords(), "broadcast log records per station");
                for (LocalStation station : fleet.stations()) {
                    List<RelayChange> amp = station.changes("amp");
                    assertTrue(amp.stream().anyMatch(c -> c.on() && !c.at().isBefore(sent)),
                            station.id() + "'s amplifier never went on: " + amp);
                }
            }
        }
    }
}
