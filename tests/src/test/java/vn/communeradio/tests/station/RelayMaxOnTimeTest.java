package vn.communeradio.tests.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.hal.audio.Spectrum;
import vn.communeradio.hal.gpio.RelayChange;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.LocalStation;
import vn.communeradio.tests.support.LogWatcher;
import vn.communeradio.tests.support.RunsAlone;

/**
 * The relays' maximum continuous on-time (relay.max_on_s), a safety net against a session that never ends: past
 * it the session ends {@code failed}/{@code expired} through the normal sequence (fade, zones off, final ack,
 * amplifier off at once, not after the idle hold) and the journal says why. Emergencies are capped the same way.
 */
@RunsAlone
class RelayMaxOnTimeTest {

    static final long MAX_ON_MS = 2000;
    static final long WARMUP_MS = 300;

    @AutoClose
    static ControlRoom room;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRoom(@TempDir Path shared) throws Exception {
        room = ControlRoom.start(shared);
    }

    private LocalStation start(String id) throws Exception {
        LocalStation station = LocalStation.start(id, dir.resolve(id), room.broker().url(), room.keys().dir(),
                "relay.max_on_s", String.valueOf(MAX_ON_MS / 1000), "playback.warmup_ms", String.valueOf(WARMUP_MS),
                "playback.idle_hold_s", "30", "relay.min_interval_ms", "200");
        room.awaitOnline(id);
        return station;
    }

    @Test
    void aSessionOnPastTheMaximumEndsThroughTheNormalSequenceAndTheJournalSaysWhy() throws Exception {
        try (LocalStation station = start("cap-1"); LogWatcher log = new LogWatcher(room.broker().url(), "cap-1")) {
            Instant before = Instant.now();
            String jti = room.central().send(room.district(), station.id(), "play", Map.of("source", "tone:440"));
            room.central().awaitAck(station.id(), jti, "started");
            Map<String, Object> end = room.central().awaitFinal(station.id(), jti, Duration.ofSeconds(10));
            assertEquals("failed", end.get("status"));
            assertEquals("expired", end.get("code"));
            assertTrue(((String) end.get("reason")).contains("maximum continuous on-time (relay.max_on_s)"),
                    (String) end.get("reason"));

            RelayChange ampOn = station.awaitChange("amp", true, before, Duration.ZERO.plusSeconds(1));
            RelayChange zoneOn = station.awaitChange("zone1", true, before, Duration.ofSeconds(1));
            RelayChange zoneOff = station.awaitChange("zone1", false, zoneOn.at(), Duration.ofSeconds(1));
            RelayChange ampOff = station.awaitChange("amp", false, ampOn.at(), Duration.ofSeconds(2));
            long ackAt = ((Number) end.get("ts")).longValue();
            long onFor = Duration.between(ampOn.at(), ampOff.at()).toMillis();
            assertTrue(Duration.between(ampOn.at(), zoneOn.at()).toMillis() >= WARMUP_MS - 5, "warm-up first");
            assertTrue(onFor >= MAX_ON_MS && onFor <= MAX_ON_MS + 1000,
                    "amp off " + onFor + " ms after on: the maximum plus at most a check period and the fade");
            assertTrue(zoneOff.at().toEpochMilli() <= ackAt && ackAt <= ampOff.at().toEpochMilli(),
                    "zones off " + zoneOff.at() + ", final ack " + ackAt + ", amp off " + ampOff.at());
            assertTrue(Duration.between(zoneOff.at(), ampOff.at()).toMillis() < 1000,
                    "the amplifier goes off at once, not after the 30 s idle hold");
            List<RelayChange> amp = station.changes("amp").stream().filter(c -> !c.at().isBefore(before)).toList();
            assertEquals(2, amp.size(), "amp on once, off once: " + amp);
            room.central().awaitState(station.id(), "\"relays\":{\"amp\":false,\"zones\":[false,false]}");

            Map<String, Object> record = log.awaitSeq(1, Central.WAIT);
            assertEquals(jti, record.get("jti"));
            assertEquals("failed", record.get("outcome"));
            assertEquals("expired", record.get("code"));
            assertEquals(end.get("reason"), record.get("reason"));

            // the audio faded out before the zones opened: no click at the cut
            long audioMs = Duration.between(zoneOn.at(), zoneOff.at()).toMillis();
            float[] x = station.speakers();
            int last = Spectrum.lastAbove(x, 0.01);
            assertTrue(last > 0, "the tone was heard");
            int middle = last / 2;
            double amplitude = Spectrum.peak(x, middle, LocalStation.RATE / 10);
            double sineStep = 2 * Math.PI * 440 * amplitude / LocalStation.RATE;
            double step = Spectrum.largestStep(x, last - LocalStation.RATE / 10, LocalStation.RATE / 10 + 100);
            assertTrue(step <= 1.2 * sineStep, "largest step " + step + " at the cut, a sine's is " + sineStep);
            assertTrue(audioMs >= MAX_ON_MS - WARMUP_MS - 100, "played " + audioMs + " ms");
        }
    }

    @Test
    void anEmergencyIsCappedTooAndWhatWaitsPlaysAfterTheCut() throws Exception {
        try (LocalStation station = start("cap-2")) {
            String normal = room.central().send(room.district(), station.id(), "play", Map.of("source", "tone:440",
                    "duration_s", 60));
            room.central().awaitAck(station.id(), normal, "started");
            String emergency = room.central().send(room.province(), station.id(), "play", Map.of("source", "tone:880",
                    "priority", "emergency"));
            room.central().awaitAck(station.id(), emergency, "started");
            Map<String, Object> end = room.central().awaitFinal(station.id(), emergency, Duration.ofSeconds(10));
            assertEquals(List.of("failed", "expired"), List.of(end.get("status"), end.get("code")));
            // the relays cycled: amp off, then on again for the preempted session, which resumes
            Instant cut = Instant.ofEpochMilli(((Number) end.get("ts")).longValue());
            room.central().client().await(m -> m.payload().contains("\"id\":\"" + normal + "\"")
                    && m.payload().contains("\"resumed\":true"), Duration.ofSeconds(10));
            RelayChange ampOff = station.awaitChange("amp", false, cut.minusMillis(1), Duration.ofSeconds(1));
            RelayChange ampOn = station.awaitChange("amp", true, ampOff.at(), Duration.ofSeconds(3));
            assertTrue(Duration.between(ampOff.at(), ampOn.at()).toMillis() >= 195, "minimum interval kept");
        }
    }
}
