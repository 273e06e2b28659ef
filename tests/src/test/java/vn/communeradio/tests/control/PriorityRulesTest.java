package vn.communeradio.tests.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.hal.audio.Spectrum;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.LocalStation;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.TestAudio;

/**
 * The priority rules of PROTOCOL.md as a village hears them and as the relays move: the real station code with
 * its simulated relays' switch log (times), a WAV sink, a real Mosquitto, signed commands, and real encoded files
 * over loopback HTTP.
 */
class PriorityRulesTest {

    static final int RATE = LocalStation.RATE;
    static final double AUDIBLE = 0.01;

    static Mosquitto broker;
    static StreamServer server;
    static Central central;
    static SigningKeys keys;
    static CommandSigner district;
    static CommandSigner province;
    static Path media;

    @TempDir
    Path dir;

    LocalStation station;

    @BeforeAll
    static void startParts(@TempDir Path shared) throws Exception {
        broker = Mosquitto.start();
        server = StreamServer.start();
        central = new Central(broker.url());
        keys = new SigningKeys(shared.resolve("keys"));
        district = keys.create("district");
        province = keys.create("province");
        media = Files.createDirectories(shared.resolve("media"));
    }

    @AfterAll
    static void stopParts() throws Exception {
        central.close();
        server.close();
        broker.close();
    }

    @AfterEach
    void stopStation() {
        if (station != null) {
            station.close();
        }
    }

    private void startStation(String... extra) throws Exception {
        String id = "pr-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> config = new ArrayList<>(List.of("playback.warmup_ms", "300", "playback.idle_hold_s", "1",
                "relay.min_interval_ms", "200"));
        config.addAll(List.of(extra));
        station = LocalStation.start(id, dir.resolve(id), broker.url(), keys.dir(), config.toArray(String[]::new));
        central.awaitState(id, "\"online\":true");
    }

    private String send(CommandSigner key, Map<String, ?> args) throws Exception {
        return central.send(key, station.id(), "play", args);
    }

    private static long ts(Map<String, Object> ack) {
        return ((Number) ack.get("ts")).longValue();
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
        Path wav = TestAudio.steps(media, "lesson.wav", 44_100, 2.0, 0.5, 400, 600, 800, 1000);
        server.serve("/lesson.mp3", Reply.sized(Files.readAllBytes(TestAudio.mp3Cbr(wav, 128))));
        startStation();
        String lesson = send(district, Map.of("source", server.uri("/lesson.mp3").toString(), "mode", "file"));
        long started = ts(central.awaitAck(station.id(), lesson, "started"));
        Thread.sleep(Math.max(0, started + 4000 - System.currentTimeMillis())); // the scenario: cut near 4 s in
        String alarm = send(province, Map.of("source", "tone:1500", "priority", "emergency", "duration_s", 2));
        central.awaitAck(station.id(), lesson, "preempted");
        central.awaitAck(station.id(), alarm, "finished");
        central.client().await(m -> m.payload().contains("\"id\":\"" + lesson + "\"")
                && m.payload().contains("\"resumed\":true"), Central.WAIT);
        central.awaitAck(station.id(), lesson, "finished", Duration.ofSeconds(20));
        assertEquals(List.of("accepted", "started", "preempted", "started", "finished"), central.statuses(lesson));

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
}
