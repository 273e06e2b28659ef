package vn.communeradio.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.Commands;
import vn.communeradio.gateway.command.Envelope;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.audio.SenseTap;
import vn.communeradio.gateway.hearing.Faults;
import vn.communeradio.gateway.hearing.Hearing;
import vn.communeradio.gateway.hearing.HearingSettings;
import vn.communeradio.gateway.hearing.SensePort;

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
        // the run, not its steps, is a session of the journal: a restart in its middle logs it interrupted
        assertEquals(List.of("t-1", "t-1"), f.markers.stream().map(m -> m.jti()).toList(), f.markers.toString());
        assertNull(f.markers.get(0).startedMillis(), "accepted, waiting for the amplifier");
        assertEquals(List.of(1, 2), f.markers.get(1).zones());
        assertEquals(List.of("test:bursts"), f.markers.get(1).sources());
        assertTrue(f.markers.get(1).startedMillis() != null, "its first audio went out");
        assertEquals(List.of("t-1"), f.records.stream().map(r -> r.jti()).toList(), "its record closes the marker");
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

    @Test
    void aSenseInputConnectedToNothingIsAFaultOfItsOwnAndNoSelfTestRunsUntilItIsConnected() throws Exception {
        ControlFixture f = new ControlFixture(dir, PlaybackTest.WARMUP, true);
        AtomicBoolean connected = new AtomicBoolean(false);
        SensePort port = new SensePort("st-1:in_2", "connect it", connected::get);
        f.control.checkSense(port);
        assertEquals(List.of("sense input not connected: st-1:in_2"), f.control.state(true).get("faults"));

        Envelope envelope = new Envelope("c-1", "district", "station/st-1", 5, 65, "district", Priority.NORMAL, false,
                "selftest", 0);
        f.control.execute(envelope, Commands.parse("selftest", Map.of(), "c-1"));
        Map<String, Object> ack = f.lastAck("c-1");
        assertEquals("rejected", ack.get("status"), ack.toString());
        assertEquals("internal", ack.get("code"), "the station's wiring, not the command: " + ack);
        assertTrue(((String) ack.get("reason")).startsWith("sense input not connected: st-1:in_2"), ack.toString());
        f.station.pass(20_000);
        assertEquals(List.of(), f.station.sounds, "no zone played its test signal to silence");
        assertEquals(List.of("sense input not connected: st-1:in_2"), f.control.state(true).get("faults"),
                "and no zone was called silent");
        assertEquals(List.of(), Faults.open(dir).lines(), "measured anew at each start, never kept");

        connected.set(true); // a technician plugged the microphone's cable
        f.control.checkSense(port);
        assertEquals(List.of(), f.control.state(true).get("faults"));
        assertNull(f.control.selftest("t-2", List.of()), "it runs now");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSelfTestDuringWhichTheSenseInputWasDisconnectedEndsFailedWithoutCallingItsZoneSilent() throws Exception {
        AtomicBoolean connected = new AtomicBoolean(true);
        SensePort port = new SensePort("st-1:in_2", "connect it", connected::get);
        try (Hearing hearing = new Hearing(new SenseTap(48_000), port, () -> 48_000, new HearingSettings(-60, 0.5))) {
            ControlFixture f = new ControlFixture(dir, PlaybackTest.WARMUP, true, hearing);
            assertNull(f.control.selftest("t-1", List.of()));
            f.station.pass(PlaybackTest.WARMUP.toMillis() + 100);
            assertEquals(List.of("started"), f.statuses("t-1"));
            connected.set(false); // the cable pulled while zone 1 plays; the once-a-second check has not run yet
            f.station.pass(20_000);
            Map<String, Object> done = f.lastAck("t-1");
            assertEquals("failed", done.get("status"), done.toString());
            assertEquals("internal", done.get("code"), done.toString());
            assertTrue(((String) done.get("reason")).contains("the sense input was not connected while zone 1 played"),
                    done.toString());
            assertEquals(List.of(), done.get("zones"), "no verdict on silence from nothing: " + done);
            assertEquals(List.of(), f.control.state(true).get("faults"), "no zone called silent");
        }
    }
}
