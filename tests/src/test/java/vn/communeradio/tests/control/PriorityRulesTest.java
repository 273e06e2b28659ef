package vn.communeradio.tests.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.audio.VolumeCurve;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.hal.audio.Spectrum;
import vn.communeradio.hal.clock.Clocks;
import vn.communeradio.hal.gpio.RelayChange;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.LocalStation;
import vn.communeradio.tests.support.MovableTicker;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.TestAudio;

/**
 * The priority rules of PROTOCOL.md as a village hears them: the real station code with its simulated relays' switch
 * log, a WAV sink, a real Mosquitto, signed commands, and real encoded files over loopback HTTP. The scenarios are
 * paced by the station itself ({@code start_at}, {@code duration_s}), never by sleeping; a minute passes by moving
 * the station's clock. Every rule's relay sequence, to the millisecond, is the gateway's {@code PlaybackTest}: here
 * what only real audio shows (where a file resumes, click-free fades, levels).
 */
class PriorityRulesTest {

    static final int RATE = LocalStation.RATE;
    static final double AUDIBLE = 0.01;

    @AutoClose
    static ControlRoom room;

    @TempDir
    Path dir;

    @AutoClose
    LocalStation station;
    final MovableTicker ticker = new MovableTicker();

    @BeforeAll
    static void startRoom(@TempDir Path shared) throws Exception {
        room = ControlRoom.startServing(shared);
    }

    private void startStation(String... extra) throws Exception {
        String id = ControlRoom.uniqueId("pr");
        List<String> config = new ArrayList<>(List.of("playback.warmup_ms", "300", "playback.idle_hold_s", "1",
                "relay.min_interval_ms", "200"));
        config.addAll(List.of(extra));
        station = LocalStation.start(id, dir.resolve(id), room.broker().url(), room.keys().dir(),
                Clocks.startingAt(Instant.now(), ticker), config.toArray(String[]::new));
        room.awaitOnline(id);
    }

    private String send(CommandSigner key, Map<String, ?> args) throws Exception {
        return room.central().send(key, station.id(), "play", args);
    }

    private static long ts(Map<String, Object> ack) {
        return ((Number) ack.get("ts")).longValue();
    }

    /** A start_at a little ahead: time for the commands to arrive, epoch seconds. */
    private static long soon() {
        return Instant.now().getEpochSecond() + 2;
    }

    /** One 100 ms window of what the speakers got: where it starts and its strongest frequency (0: silence). */
    record Window(int at, double hz) {
    }

    private static List<Window> windows(float[] x) {
        int n = RATE / 10;
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i + n <= x.length; i += n) {
            double hz = Spectrum.rms(x, i, n) < AUDIBLE ? 0 : Spectrum.strongest(x, i, n, RATE, 200, 3000);
            windows.add(new Window(i, hz));
        }
        return windows;
    }

    private static boolean near(double hz, double expected) {
        return Math.abs(hz - expected) <= 15;
    }

    @Test
    void aPreemptedFileResumesWhereItWasLessOneSecondNotFromItsBeginning() throws Exception {
        // 8 s whose tone says where one is: 400 Hz for 0-2 s, 600 for 2-4 s, 800 for 4-6 s, 1000 for 6-8 s
        Path wav = TestAudio.steps(room.media(), "lesson.wav", 44_100, 2.0, 0.5, 400, 600, 800, 1000);
        room.streams().serve("/lesson.mp3", Reply.sized(Files.readAllBytes(TestAudio.mp3Cbr(wav, 128))));
        startStation();
        long at = soon();
        String lesson = send(room.district(), Map.of("source", room.streams().uri("/lesson.mp3").toString(),
                "mode", "file", "start_at", at));
        // the scenario: the alarm cuts the lesson 4 s after it began (the warm-up's 0.3 s included)
        String alarm = send(room.province(), Map.of("source", "tone:1500", "priority", "emergency", "duration_s", 2,
                "start_at", at + 4));
        room.central().awaitAck(station.id(), lesson, "preempted");
        room.central().awaitAck(station.id(), alarm, "finished");
        room.central().client().await(m -> m.payload().contains("\"id\":\"" + lesson + "\"")
                && m.payload().contains("\"resumed\":true"), Central.WAIT);
        room.central().awaitAck(station.id(), lesson, "finished", Duration.ofSeconds(20));
        assertEquals(List.of("accepted", "started", "preempted", "started", "finished"),
                room.central().statuses(lesson));

        float[] x = station.speakers();
        List<Window> w = windows(x);
        int firstAudio = Spectrum.firstAbove(x, AUDIBLE);
        int alarmFrom = w.stream().filter(v -> near(v.hz(), 1500)).findFirst().orElseThrow().at();
        int alarmTo = w.stream().filter(v -> near(v.hz(), 1500)).reduce((a, b) -> b).orElseThrow().at();
        double played = (alarmFrom - firstAudio) / (double) RATE;
        assertTrue(played > 3.5 && played < 4.6, "the lesson played " + played + " s before the alarm");
        List<Window> after = w.stream().filter(v -> v.at() > alarmTo + RATE / 10 && v.hz() > 0).toList();
        int resumedFrom = Spectrum.firstAbove(java.util.Arrays.copyOfRange(x, after.get(0).at() - RATE / 10,
                x.length), AUDIBLE) + after.get(0).at() - RATE / 10;
        int resumedTo = Spectrum.lastAbove(x, AUDIBLE);
        double resumedSeconds = (resumedTo - resumedFrom) / (double) RATE;
        // resumed 1 s before the cut: what is left of 8 s is 8 - (played - 1)
        assertEquals(8 - (played - 1), resumedSeconds, 0.3, "resumed part: " + resumedSeconds + " s after "
                + played + " s played");
        assertTrue(near(after.get(1).hz(), 600), "the resume starts in the 600 Hz stretch (2-4 s), not at 400 Hz: "
                + after.subList(0, 5));
        assertTrue(after.stream().noneMatch(v -> near(v.hz(), 400)), "the beginning never plays again");
        assertTrue(near(after.get(after.size() - 2).hz(), 1000), "and it plays on to its end");
    }

    @Test
    void aFileResumedAfterALongPreemptionGoesOnWithTheVersionItBeganWithWithoutAskingItsServer() throws Exception {
        // a file known by its URL is checked with its server before it plays when its last check is over a minute
        // old (docs/protocol.md); a resume must not: a new version would not go on where the old one was cut
        Path v1 = TestAudio.steps(room.media(), "notice-v1.wav", 44_100, 2.0, 0.5, 400, 600, 800, 1000);
        room.streams().serve("/notice.mp3",
                Reply.sized(Files.readAllBytes(TestAudio.mp3Cbr(v1, 128))).header("ETag", "\"v1\""));
        startStation();
        long at = soon();
        String notice = send(room.district(), Map.of("source", room.streams().uri("/notice.mp3").toString(),
                "mode", "file", "start_at", at));
        String alarm = send(room.province(), Map.of("source", "tone:1500", "priority", "emergency", "duration_s", 62,
                "start_at", at + 3));
        room.central().awaitAck(station.id(), alarm, "started");
        room.central().awaitAck(station.id(), notice, "preempted");
        Path v2 = TestAudio.steps(room.media(), "notice-v2.wav", 44_100, 2.0, 0.5, 1200, 1200, 1200, 1200);
        room.streams().serve("/notice.mp3",
                Reply.sized(Files.readAllBytes(TestAudio.mp3Cbr(v2, 128))).header("ETag", "\"v2\""));
        // the scenario: the alarm's minute passes (its last second in real time): the cached copy's last check
        // with its server is then over a minute old
        ticker.skip(Duration.ofSeconds(61));
        room.central().awaitAck(station.id(), alarm, "finished", Duration.ofSeconds(10));
        room.central().awaitAck(station.id(), notice, "finished", Duration.ofSeconds(20));
        assertEquals(List.of("accepted", "started", "preempted", "started", "finished"),
                room.central().statuses(notice));
        assertEquals(1, room.streams().connections("/notice.mp3"), "the resume did not ask the server");

        List<Window> w = windows(station.speakers());
        int alarmTo = w.stream().filter(v -> near(v.hz(), 1500)).reduce((a, b) -> b).orElseThrow().at();
        List<Window> after = w.stream().filter(v -> v.at() > alarmTo + RATE / 10 && v.hz() > 0).toList();
        assertTrue(after.stream().noneMatch(v -> near(v.hz(), 1200)), "the new version never plays: " + after);
        assertTrue(after.stream().anyMatch(v -> near(v.hz(), 800)) && near(after.get(after.size() - 2).hz(), 1000),
                "the version it began with plays on to its end: " + after);
    }

    /** Relay changes of {@code channel} from {@code since} on. */
    private List<RelayChange> changes(String channel, Instant since) {
        return station.changes(channel).stream().filter(c -> !c.at().isBefore(since)).toList();
    }

    /** Largest sample step around {@code at}, against the steps of a sine of {@code hz} at the level heard. */
    private static void assertNoClick(float[] x, int at, double hz, double amplitude) {
        double sineStep = 2 * Math.PI * hz * amplitude / RATE;
        double step = Spectrum.largestStep(x, Math.max(0, at - RATE / 10), RATE / 5);
        assertTrue(step <= 1.2 * sineStep, "largest step " + step + " around sample " + at + "; a " + hz
                + " Hz sine at " + amplitude + " steps at most " + sineStep + ": a click");
    }

    private static int firstWindowOf(List<Window> w, double hz) {
        return w.stream().filter(v -> near(v.hz(), hz)).findFirst().orElseThrow(
                () -> new AssertionError(hz + " Hz never heard: " + w)).at();
    }

    @Test
    void aHigherPriorityPreemptsAtOnceWithAShortClickFreeFadeAndTheLowerOneResumes() throws Exception {
        startStation();
        Instant before = Instant.now();
        long at = soon();
        String normal = send(room.district(), Map.of("source", "tone:440", "duration_s", 7));
        // the scenario: the normal session plays a while (1 to 2 s), then the higher one comes for 2 s
        String high = send(room.district(), Map.of("source", "tone:880", "priority", "high", "duration_s", 2,
                "start_at", at));
        long started = ts(room.central().awaitAck(station.id(), normal, "started"));
        long preempted = ts(room.central().awaitAck(station.id(), normal, "preempted", Duration.ofSeconds(5)));
        long highStarted = ts(room.central().awaitAck(station.id(), high, "started"));
        assertTrue(preempted - at * 1000 < 500 && highStarted - preempted < 200,
                "at once: preempted " + (preempted - at * 1000) + " ms after its start_at, the higher one started "
                        + (highStarted - preempted) + " ms later");
        long highDone = ts(room.central().awaitAck(station.id(), high, "finished", Duration.ofSeconds(10)));
        room.central().client().await(m -> m.payload().contains("\"id\":\"" + normal + "\"")
                && m.payload().contains("\"resumed\":true"), Central.WAIT);
        room.central().awaitAck(station.id(), normal, "finished", Duration.ofSeconds(10));
        assertEquals(List.of("accepted", "started", "preempted", "started", "finished"),
                room.central().statuses(normal));
        RelayChange ampOn = station.awaitChange("amp", true, before, Duration.ofSeconds(2));
        RelayChange zoneOn = station.awaitChange("zone1", true, before, Duration.ofSeconds(2));
        RelayChange ampOff = station.awaitChange("amp", false, zoneOn.at(), Duration.ofSeconds(5));
        assertTrue(zoneOn.at().toEpochMilli() <= started, "started once the zones are on");
        assertEquals(List.of(ampOn, ampOff), changes("amp", before), "the amplifier stays on throughout");
        List<RelayChange> zone = changes("zone1", before);
        // the higher one's end hands straight over to the resumed session on the same zones: they stay closed
        // (opened again, they would wait out their minimum off-time: silence and two clicks) until the end
        assertEquals(2, zone.size(), "on, then off at the end only: " + zone);
        assertTrue(zone.get(1).at().toEpochMilli() > highDone, "zone1 stayed on across the hand-over: " + zone);

        float[] x = station.speakers();
        List<Window> w = windows(x);
        int highAt = firstWindowOf(w, 880);
        double level = Spectrum.amplitude(x, highAt + RATE / 5, RATE / 4, 880, RATE); // same volume for both
        assertNoClick(x, highAt, 880, level);
        int resumedAt = w.stream().filter(v -> v.at() > highAt && near(v.hz(), 440)).findFirst().orElseThrow().at();
        assertNoClick(x, resumedAt, 880, level);
    }

    @Test
    void anEmergencyPlaysAtItsOwnVolumeOnAllZonesAndTakesTheWarmAmplifierAtOnce() throws Exception {
        startStation("playback.warmup_ms", "1000", "playback.idle_hold_s", "5", "playback.emergency_volume", "100");
        Instant before = Instant.now();
        String normal = send(room.district(), Map.of("source", "tone:440", "zones", List.of(1), "volume", 40,
                "duration_s", 3)); // counted from the request: 1 s of it is the warm-up
        long normalDone = ts(room.central().awaitAck(station.id(), normal, "finished", Duration.ofSeconds(10)));
        // the amplifier is in its idle hold: the emergency neither waits for it nor warms it up again
        String alarm = room.central().send(room.province(), station.id(), "play", Map.of("source", "tone:440",
                "priority", "emergency", "zones", List.of(1), "duration_s", 1));
        long alarmStarted = ts(room.central().awaitAck(station.id(), alarm, "started"));
        assertTrue(alarmStarted - normalDone < 800, "started " + (alarmStarted - normalDone)
                + " ms after the previous end: no second 1 s warm-up");
        room.central().awaitAck(station.id(), alarm, "finished", Duration.ofSeconds(10));
        assertEquals(1, changes("amp", before).stream().filter(RelayChange::on).count(), "amp switched on once");
        List<RelayChange> zone2 = changes("zone2", before);
        assertTrue(!zone2.isEmpty() && zone2.get(0).on(), "zone 2 opened for the emergency although it asked "
                + "for zone 1 only: emergencies play on all zones");
        assertTrue(zone2.get(0).at().toEpochMilli() >= normalDone, "and only for it");

        float[] x = station.speakers();
        int first = Spectrum.firstAbove(x, AUDIBLE);
        double normalLevel = Spectrum.amplitude(x, first + RATE / 4, RATE / 4, 440, RATE);
        int last = Spectrum.lastAbove(x, AUDIBLE);
        double alarmLevel = Spectrum.amplitude(x, last - RATE / 2, RATE / 4, 440, RATE);
        double tone = Math.pow(10, -6 / 20.0);
        assertEquals(20 * Math.log10(tone * VolumeCurve.gain(40)), 20 * Math.log10(normalLevel), 1.0, "volume 40");
        assertEquals(20 * Math.log10(tone), 20 * Math.log10(alarmLevel), 1.0, "emergency volume 100");
    }
}
