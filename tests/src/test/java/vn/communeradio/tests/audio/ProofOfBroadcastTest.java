package vn.communeradio.tests.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import vn.communeradio.tests.support.LogWatcher;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StationUnderTest;
import vn.communeradio.tests.support.TestAudio;

/**
 * Proof of broadcast end to end (issue 17): the packaged service on a simulated station whose sense microphone
 * hears zone 1 (gain 1) 150 ms late through a horn's band with noise, and zone 2 not at all (a dead zone). A
 * speech programme (an MP3 made by lame) through zone 1 ends with {@code heard} ok at the path's delay, in its
 * final ack and its log record; through
 * zone 2, not heard, and no delay is claimed for it.
 */
class ProofOfBroadcastTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final int SENSE_DELAY_MS = 150;

    @TempDir
    Path dir;

    Mosquitto broker;
    CommandSigner district;
    Central central;
    LogWatcher log;
    StationUnderTest station;
    String programme;

    @BeforeEach
    void setUp() throws Exception {
        broker = Mosquitto.start();
        SigningKeys keys = new SigningKeys(dir.resolve("keys"));
        district = keys.create("district");
        central = new Central(broker.url());
        programme = TestAudio.mp3Cbr(TestAudio.speechWav(dir, "speech.wav", 10, 48_000, 3), 128).toUri().toString();
        station = new StationUnderTest("pb-1", dir.resolve("pb-1"), broker.url(), keys.dir(), """
                hal.audio_in = sim
                audio.sense_channel = 2
                hal.sim.zone_gains = 1,0
                hal.sim.sense_delay_ms = %d
                hal.sim.noise_db = -60
                """.formatted(SENSE_DELAY_MS));
        log = new LogWatcher(broker.url(), station.id());
        station.start();
        central.awaitState(station.id(), "\"online\":true");
    }

    @AfterEach
    void tearDown() throws Exception {
        station.close();
        log.close();
        central.close();
        broker.close();
    }

    /** Plays the programme on {@code zone}; the heard of its final ack, which its log record ({@code seq}) repeats. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> heard(int zone, long seq) throws Exception {
        String jti = central.send(district, station.id(), "play", Map.of("source", programme, "zones", List.of(zone),
                "duration_s", 6));
        Map<String, Object> ack = central.awaitAck(station.id(), jti, "finished", WAIT);
        assertTrue(ack.get("heard") instanceof Map, "the final ack carries heard: " + ack);
        System.out.println("zone " + zone + ": " + ack);
        Map<String, Object> record = log.awaitSeq(seq, WAIT);
        assertEquals(jti, record.get("jti"));
        assertEquals(ack.get("heard"), record.get("heard"), "the log record carries the ack's heard: " + record);
        return (Map<String, Object>) ack.get("heard");
    }

    @Test
    void aBroadcastThroughALiveZoneIsHeardAtThePathsDelayAndOneThroughADeadZoneIsNot() throws Exception {
        Map<String, Object> live = heard(1, 1);
        assertEquals(true, live.get("ok"), live.toString());
        assertTrue(((Number) live.get("match")).doubleValue() > 0.9, live.toString());
        assertEquals(SENSE_DELAY_MS, ((Number) live.get("delay_ms")).doubleValue(), 15, live.toString());
        double level = ((Number) live.get("level_db")).doubleValue();
        assertTrue(level > -45 && level < -10, live.toString());

        Map<String, Object> dead = heard(2, 2);
        assertEquals(false, dead.get("ok"), dead.toString());
        assertTrue(((Number) dead.get("match")).doubleValue() < 0.2, dead.toString());
        assertTrue(((Number) dead.get("level_db")).doubleValue() < -55, dead.toString());
        assertTrue(dead.containsKey("delay_ms") && dead.get("delay_ms") == null, "no delay claimed: " + dead);
    }
}
