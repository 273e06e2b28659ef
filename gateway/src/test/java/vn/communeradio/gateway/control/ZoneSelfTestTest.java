package vn.communeradio.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.Commands;
import vn.communeradio.gateway.command.Envelope;
import vn.communeradio.gateway.command.Priority;

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

    @Test
    void aStationWithoutASenseInputRefusesAScheduledSelfTestItemUnsupported() throws Exception {
        ControlFixture f = new ControlFixture(dir, PlaybackTest.WARMUP, false);
        Envelope envelope = new Envelope("c-1", "province", "station/st-1", 5, 65, "province", Priority.HIGH, false,
                "schedule", 0);
        f.control.execute(envelope, Commands.parse("schedule", Map.of("op", "put", "items", List.of(Map.of(
                "id", "nightly", "kind", "selftest", "days", "daily", "at", "03:00"))), "c-1"));
        Map<String, Object> ack = f.lastAck("c-1");
        assertEquals("rejected", ack.get("status"), ack.toString());
        assertEquals("unsupported", ack.get("code"), ack.toString());
        assertTrue(((String) ack.get("reason")).contains("item nightly: this station has no sense input"),
                ack.toString());
        assertEquals(0, ((Map<?, ?>) f.control.state(true).get("schedule")).get("items"), "nothing stored");
    }
}
