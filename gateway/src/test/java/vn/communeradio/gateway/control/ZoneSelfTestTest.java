package vn.communeradio.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zone self-test's steps on the driven loop: each zone's turn, its verdict and the run's acks. */
class ZoneSelfTestTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void eachZoneSoundsItsThreeSecondsFromItsFirstAudioEvenBehindASlowAmplifier() throws Exception {
        ControlFixture f = new ControlFixture(dir, Duration.ofMillis(3_500), true);
        assertNull(f.control.selftest("t-1", List.of()));
        f.station.pass(3_500 + 100);
        assertEquals(List.of("started"), f.statuses("t-1"), "the first zone's signal reached the output");
        f.station.pass(20_000);
        Map<String, Object> done = f.lastAck("t-1");
        assertEquals(List.of("started", "finished"), f.statuses("t-1"), f.acks.toString());
        System.out.println("self-test behind a 3.5 s warm-up: " + done);
        List<Map<String, Object>> zones = (List<Map<String, Object>>) done.get("zones");
        assertEquals(List.of(1L, 2L), zones.stream().map(z -> z.get("zone")).toList(), "a verdict for each zone");
        assertEquals(6.0, ((Number) done.get("audio_s")).doubleValue(), 0.1, "3 s of signal on each: " + done);
    }
}
