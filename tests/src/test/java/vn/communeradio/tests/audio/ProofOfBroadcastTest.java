package vn.communeradio.tests.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.LogWatcher;
import vn.communeradio.tests.support.ServiceProcess;
import vn.communeradio.tests.support.StationUnderTest;
import vn.communeradio.tests.support.TestAudio;

/**
 * Proof of broadcast end to end (issue 17): the packaged service on a simulated station whose sense microphone
 * hears its zones at configured gains (0: a dead zone) 150 ms late, through a horn's band, with noise. A speech
 * programme (an MP3 made by lame) through a live zone ends with {@code heard} ok at the path's delay, in its final
 * ack and its log record; through a dead zone, not heard, and no delay is claimed for it. An emergency nobody
 * heard is a fault in the state, in its record and in telemetry; it survives a restart, and a later session heard
 * on its zones clears it. The zone self-test finds the dead zone ("zone 2 silent"), is preempted by anything, and
 * once the zone is repaired a passing one (from the console) clears the fault; a schedule item of kind selftest
 * runs one at its time; a station without a sense input rejects it.
 */
class ProofOfBroadcastTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final int SENSE_DELAY_MS = 150;

    @TempDir
    Path dir;

    ControlRoom room;
    LogWatcher log;
    StationUnderTest station;
    String programme;

    @BeforeEach
    void setUp() throws Exception {
        room = ControlRoom.start(dir);
        room.central().client().subscribe(Central.PREFIX + "/station/pb-1/telemetry");
        programme = TestAudio.mp3Cbr(TestAudio.speechWav(dir, "speech.wav", 10, 48_000, 3), 128).toUri().toString();
        log = new LogWatcher(room.broker().url(), "pb-1");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (station != null) {
            station.close();
        }
        log.close();
        room.close();
    }

    /** (Re)starts station pb-1, its state kept, with the sense microphone hearing its zones at {@code gains}. */
    private void start(String gains) throws Exception {
        start(gains, "");
    }

    private void start(String gains, String extraConfig) throws Exception {
        if (station != null) {
            assertEquals(143, station.stop(), "SIGTERM exit status");
        }
        station = room.station("pb-1", dir.resolve("pb-1"), """
                hal.audio_in = sim
                audio.sense_channel = 2
                hal.sim.zone_gains = %s
                hal.sim.sense_delay_ms = %d
                hal.sim.noise_db = -60
                telemetry.interval_s = 5
                """.formatted(gains, SENSE_DELAY_MS) + extraConfig);
        station.start();
    }

    /** Plays the programme; the final ack, whose heard its log record ({@code seq}) repeats. */
    private Map<String, Object> play(CommandSigner key, Map<String, Object> args, long seq) throws Exception {
        String jti = room.central().send(key, "pb-1", "play", args);
        Map<String, Object> ack = room.central().awaitAck("pb-1", jti, "finished", WAIT);
        System.out.println(args.getOrDefault("priority", "normal") + " on zones " + args.getOrDefault("zones", "all")
                + ": " + ack);
        assertTrue(ack.get("heard") instanceof Map, "the final ack carries heard: " + ack);
        Map<String, Object> record = log.awaitSeq(seq, WAIT);
        assertEquals(jti, record.get("jti"));
        assertEquals(ack.get("heard"), record.get("heard"), "the log record carries the ack's heard: " + record);
        return ack;
    }

    private Map<String, Object> onZone(int zone, long seq) throws Exception {
        return play(room.district(), Map.of("source", programme, "zones", List.of(zone), "duration_s", 6), seq);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> heard(Map<String, Object> ack) {
        return (Map<String, Object>) ack.get("heard");
    }

    @Test
    void aBroadcastThroughALiveZoneIsHeardAtThePathsDelayAndOneThroughADeadZoneIsNot() throws Exception {
        start("1,0");
        Map<String, Object> live = heard(onZone(1, 1));
        assertEquals(true, live.get("ok"), live.toString());
        assertTrue(((Number) live.get("match")).doubleValue() > 0.9, live.toString());
        assertEquals(SENSE_DELAY_MS, ((Number) live.get("delay_ms")).doubleValue(), 15, live.toString());
        double level = ((Number) live.get("level_db")).doubleValue();
        assertTrue(level > -45 && level < -10, live.toString());

        Map<String, Object> dead = heard(onZone(2, 2));
        assertEquals(false, dead.get("ok"), dead.toString());
        assertTrue(((Number) dead.get("match")).doubleValue() < 0.2, dead.toString());
        assertTrue(((Number) dead.get("level_db")).doubleValue() < -55, dead.toString());
        assertTrue(dead.containsKey("delay_ms") && dead.get("delay_ms") == null, "no delay claimed: " + dead);
        room.central().awaitState("pb-1", "\"faults\":[]"); // a normal session not heard is no fault
    }

    @Test
    void anEmergencyNobodyHeardIsAFaultThatSurvivesARestartUntilASessionIsHeardOnItsZones() throws Exception {
        start("0,0"); // both zones dead: a cut speaker line, a stolen horn
        Map<String, Object> ack = play(room.province(), Map.of("source", programme, "priority", "emergency",
                "session", "flood-0612", "duration_s", 6), 1);
        assertEquals(false, heard(ack).get("ok"), ack.toString());
        room.central().awaitState("pb-1", "\"faults\":[\"not heard: flood-0612\"]");
        assertEquals("not heard: flood-0612", log.awaitSeq(1, WAIT).get("fault"), "the log record says so");
        Map<String, Object> telemetry = room.central().awaitTelemetry("pb-1", System.currentTimeMillis(), WAIT);
        assertEquals(1L, telemetry.get("faults"), telemetry.toString());

        int seen = room.central().client().count(); // what the restarted station publishes comes after
        start("1,1"); // repaired; the fault is still on record
        room.central().awaitState("pb-1", "\"faults\":[\"not heard: flood-0612\"]", seen, WAIT);
        assertEquals(true, heard(onZone(1, 2)).get("ok"));
        room.central().awaitState("pb-1", "\"faults\":[]", seen, WAIT);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> selftest(Map<String, Object> args, long seq) throws Exception {
        String jti = room.central().send(room.district(), "pb-1", "selftest", args);
        room.central().awaitAck("pb-1", jti, "accepted");
        room.central().awaitAck("pb-1", jti, "started");
        Map<String, Object> ack = room.central().awaitAck("pb-1", jti, "finished", WAIT);
        System.out.println("selftest " + args + ": " + ack);
        Map<String, Object> record = log.awaitSeq(seq, WAIT);
        assertEquals(List.of(jti, "low", "finished"), List.of(record.get("jti"), record.get("priority"),
                record.get("outcome")), record.toString());
        return (List<Map<String, Object>>) ack.get("zones");
    }

    @Test
    void aSelfTestFindsTheDeadZoneAndALaterPassingOneClearsItsFault() throws Exception {
        start("1,0");
        List<Map<String, Object>> zones = selftest(Map.of(), 1);
        assertEquals(2, zones.size(), zones.toString());
        assertEquals(List.of(1L, true), List.of(zones.get(0).get("zone"), zones.get(0).get("ok")), zones.toString());
        double live = ((Number) zones.get(0).get("level_db")).doubleValue();
        assertTrue(live > -50 && live < -30, "zone 1 at a modest level: " + zones);
        assertEquals(List.of(2L, false), List.of(zones.get(1).get("zone"), zones.get(1).get("ok")), zones.toString());
        assertTrue(((Number) zones.get(1).get("level_db")).doubleValue() < -55, zones.toString());
        room.central().awaitState("pb-1", "\"faults\":[\"zone 2 silent\"]");
        assertTrue(((String) log.awaitSeq(1, WAIT).get("reason")).contains("zone 2 silent"), "the run is logged");

        // anything preempts a self-test
        String test = room.central().send(room.district(), "pb-1", "selftest", Map.of());
        room.central().awaitAck("pb-1", test, "started");
        String play = room.central().send(room.district(), "pb-1", "play",
                Map.of("source", "tone:440", "duration_s", 1));
        room.central().awaitAck("pb-1", play, "finished", WAIT);
        Map<String, Object> preempted = room.central().awaitFinal("pb-1", test, WAIT);
        assertEquals("preempted", preempted.get("status"), preempted.toString());

        int seen = room.central().client().count(); // what the restarted station publishes comes after
        start("1,1"); // zone 2 repaired
        room.central().awaitState("pb-1", "\"faults\":[\"zone 2 silent\"]", seen, WAIT);
        // a technician at the pole: the console's selftest of every zone (none typed), as a script runs it
        ServiceProcess console = ServiceProcess.start(dir, "console", "--config", station.config().toString(),
                "selftest");
        assertEquals(0, console.awaitExit(WAIT), console.stdout() + console.stderr());
        System.out.println("console: " + console.stdout());
        assertTrue(console.stdout().matches("(?s).*zone 1: ok at -\\d+\\.\\d dBFS.*"), console.stdout());
        assertTrue(console.stdout().matches("(?s).*zone 2: ok at -\\d+\\.\\d dBFS.*"), console.stdout());
        room.central().awaitState("pb-1", "\"faults\":[]", seen, WAIT);
        assertEquals("finished", log.awaitSeq(4, WAIT).get("outcome"), "the console's run is logged too");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aScheduledSelfTestRunsAtItsTime() throws Exception {
        // on the real clock, in a zone whose offset has seconds: its next local minute comes ~20 s from now
        ZoneOffset zone = ZoneOffset.ofHoursMinutesSeconds(7, 0,
                Math.floorMod(40 - ZonedDateTime.now(ZoneOffset.UTC).getSecond(), 60));
        start("1,0", "schedule.time_zone = " + zone.getId() + "\n");
        ZonedDateTime at = ZonedDateTime.now(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        if (Duration.between(ZonedDateTime.now(zone), at).toSeconds() < 8) {
            at = at.plusMinutes(1);
        }
        String put = room.central().send(room.district(), "pb-1", "schedule", Map.of("op", "put", "items",
                List.of(Map.of("id", "nightly", "kind", "selftest", "days", "daily", "at",
                        String.format("%02d:%02d", at.getHour(), at.getMinute()), "zones", List.of(2)))));
        room.central().awaitAck("pb-1", put, "finished");
        String session = "sched:nightly:" + at.toLocalDate();
        Map<String, Object> ack = room.central().awaitAck("pb-1", session, "finished", Duration.ofSeconds(90));
        System.out.println("scheduled selftest: " + ack);
        assertEquals(List.of(Map.of("zone", 2L, "ok", false)), ((List<Map<String, Object>>) ack.get("zones")).stream()
                .map(z -> Map.of("zone", z.get("zone"), "ok", z.get("ok"))).toList(), ack.toString());
        room.central().awaitState("pb-1", "\"faults\":[\"zone 2 silent\"]");
        assertEquals(session, log.awaitSeq(1, WAIT).get("session"));
    }

    @Test
    void aStationWithoutASenseInputRejectsASelfTest() throws Exception {
        station = room.station("pb-1", dir.resolve("pb-1"), "");
        station.start();
        String jti = room.central().send(room.district(), "pb-1", "selftest", Map.of());
        Map<String, Object> ack = room.central().awaitAck("pb-1", jti, "rejected");
        assertEquals("unsupported", ack.get("code"));
        assertTrue(((String) ack.get("reason")).contains("audio.sense_channel"), ack.toString());
    }
}
