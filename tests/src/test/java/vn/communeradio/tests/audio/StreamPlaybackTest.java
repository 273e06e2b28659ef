package vn.communeradio.tests.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.hal.audio.Spectrum;
import vn.communeradio.hal.audio.WavFile;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.StationUnderTest;
import vn.communeradio.tests.support.StreamServer.Down;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.TestAudio;
import vn.communeradio.tests.support.TestAudio.Tone;

/**
 * What a village hears from a stream, end to end: the packaged service with its WAV sink (exactly what the
 * speakers would get), a real Mosquitto, signed commands, and audio encoded at test time served over loopback
 * HTTP, including its faults.
 */
class StreamPlaybackTest {

    static final int RATE = 48_000;
    static final double THRESHOLD = 0.02;

    @AutoClose
    static ControlRoom room;

    @TempDir
    Path dir;

    @AutoClose
    StationUnderTest station;

    @BeforeAll
    static void startRoom(@TempDir Path shared) throws Exception {
        room = ControlRoom.startServing(shared);
    }

    private void startStation() throws Exception {
        station = room.startOnline(room.stationOnWav("st", dir, """
                stream.buffer_ms = 300
                stream.stall_s = 2
                stream.retry_window_s = 5
                stream.reprobe_s = 5
                stream.reconnect_max_s = 1
                """));
    }

    private String play(Map<String, ?> args) throws Exception {
        String jti = room.central().send(room.district(), station.id(), "play", args);
        room.central().awaitAck(station.id(), jti, "accepted");
        return jti;
    }

    /** Stops the service cleanly (the WAV header is then exact) and returns the left and right channels. */
    private float[][] speakers() throws Exception {
        assertEquals(143, station.stop());
        WavFile file = WavFile.read(station.speakers());
        assertEquals(RATE, file.sampleRate());
        return new float[][] {Spectrum.channel(file, 0), Spectrum.channel(file, 1)};
    }

    private static double seconds(int samples) {
        return samples / (double) RATE;
    }

    /** The tone's audible stretch: from the first to the last sample above the threshold. */
    private static int[] audible(float[] x) {
        int first = Spectrum.firstAbove(x, THRESHOLD);
        int last = Spectrum.lastAbove(x, THRESHOLD);
        assertTrue(first >= 0, "the speakers got nothing audible");
        return new int[] {first, last};
    }

    private static void assertTone(float[] x, int from, int n, double hz, double amplitude) {
        assertEquals(hz, Spectrum.strongest(x, from, n, RATE, 100, 4000), 2.0, "frequency");
        double level = Spectrum.amplitude(x, from, n, hz, RATE);
        assertEquals(20 * Math.log10(amplitude), 20 * Math.log10(level), 1.0, "level in dB");
    }

    /**
     * Share of the 100 ms windows in {@code x[from, to)} where {@code hz} is heard at {@code amplitude} (±1.5 dB):
     * a reconnect may cost a fade, but the broadcast must go on.
     */
    private static double heardFraction(float[] x, int from, int to, double hz, double amplitude) {
        int window = RATE / 10;
        int heard = 0;
        int windows = 0;
        for (int i = from; i + window <= to; i += window) {
            windows++;
            double level = Spectrum.amplitude(x, i, window, hz, RATE);
            if (Math.abs(20 * Math.log10(level / amplitude)) <= 1.5) {
                heard++;
            }
        }
        return (double) heard / windows;
    }

    private static Path mp3(String name, Tone tone, int kbps) throws Exception {
        return TestAudio.mp3Cbr(TestAudio.wav(room.media(), name, tone), kbps);
    }

    /** A CBR MP3 without ID3 or Xing frame, so that a live stream can loop it from byte 0. */
    private static byte[] liveMp3(String name, double hz) throws Exception {
        Path wavFile = TestAudio.wav(room.media(), name, new Tone(hz, 0.5, 2, 44_100, 2));
        return Files.readAllBytes(TestAudio.mp3Live(wavFile));
    }

    @Test
    void anMp3FileOverHttpPlaysAtTheRightFrequencyLevelAndLength() throws Exception {
        room.streams().serve("/bulletin.mp3", Reply.sized(Files.readAllBytes(
                mp3("bulletin", new Tone(440, 0.5, 3, 44_100, 2), 128))));
        startStation();
        String jti = play(Map.of("source", room.streams().uri("/bulletin.mp3").toString(), "volume", 100));
        room.central().awaitAck(station.id(), jti, "started");
        Map<String, Object> end = room.central().awaitFinal(station.id(), jti, Duration.ofSeconds(20));
        assertEquals("finished", end.get("status"), end.toString());
        assertEquals(List.of("accepted", "started", "finished"), room.central().statuses(jti));

        float[][] out = speakers();
        int[] span = audible(out[0]);
        assertEquals(3.0, seconds(span[1] - span[0]), 0.05, "played whole, nothing more");
        int middle = (span[0] + span[1]) / 2;
        assertTone(out[0], middle - RATE / 2, RATE, 440, 0.5);
        assertTone(out[1], middle - RATE / 2, RATE, 660, 0.5);
        assertTrue(Spectrum.largestStep(out[0], span[0] + RATE / 10, RATE * 2) < 2 * Math.PI * 660 * 0.5 / RATE * 1.5,
                "no clicks or gaps inside the file");
    }

    @Test
    void anOggOpusFileAtAnotherVolumePlaysOnBothChannels() throws Exception {
        Path opus = TestAudio.opus(TestAudio.wav(room.media(), "opus", new Tone(1000, 0.5, 2, 48_000, 1)), 64, 7);
        room.streams().serve("/notice.opus",
                Reply.sized(Files.readAllBytes(opus)).contentType("application/octet-stream"));
        startStation();
        String jti = play(Map.of("source", room.streams().uri("/notice.opus").toString(), "volume", 50));
        assertEquals("finished", room.central().awaitFinal(station.id(), jti, Duration.ofSeconds(20)).get("status"));

        float[][] out = speakers();
        int[] span = audible(out[0]);
        assertEquals(2.0, seconds(span[1] - span[0]), 0.05);
        int middle = (span[0] + span[1]) / 2;
        double cubic = 0.5 * 0.5 * 0.5; // volume 50 on the cubic curve: -18 dB
        assertTone(out[0], middle - RATE / 2, RATE, 1000, 0.5 * cubic);
        assertTone(out[1], middle - RATE / 2, RATE, 1000, 0.5 * cubic);
    }

    @Test
    void aLiveStreamThatDropsMidFrameReconnectsByItselfAndPlaysOn() throws Exception {
        byte[] live = liveMp3("live-drop", 440);
        // as Icecast does, each connection starts with a 64 KiB burst; each breaks ~1.5 s later, mid-frame
        room.streams().serve("/drops.mp3", Reply.live(live).paced(16_000).burst(65_536).dropAfter(65_536 + 24_001));
        startStation();
        String jti = play(Map.of("source", room.streams().uri("/drops.mp3").toString(), "volume", 100));
        room.central().awaitAck(station.id(), jti, "started");
        room.streams().awaitConnections("/drops.mp3", 4, Duration.ofSeconds(30));
        String stop = room.central().send(room.district(), station.id(), "stop", Map.of("session", jti));
        room.central().awaitAck(station.id(), stop, "finished");
        assertEquals("stopped", room.central().awaitFinal(station.id(), jti, Duration.ofSeconds(10)).get("status"),
                "a drop is not the end of a live stream");

        float[][] out = speakers();
        int[] span = audible(out[0]);
        assertTrue(seconds(span[1] - span[0]) > 4, "played on across reconnects: " + seconds(span[1] - span[0]));
        double heard = heardFraction(out[0], span[0], span[1] - RATE / 20, 440, 0.5);
        StringBuilder levels = new StringBuilder();
        for (int i = span[0]; i + RATE / 10 <= span[1]; i += RATE / 10) {
            levels.append(String.format(" %.2f", Spectrum.amplitude(out[0], i, RATE / 10, 440, RATE)));
        }
        assertTrue(heard > 0.9, "the tone was heard in " + heard + " of the time across three reconnects:" + levels);
    }

    @Test
    void garbageFailsWithDecodeErrorAndNeverReachesTheSpeakers() throws Exception {
        room.streams().serve("/garbage.mp3", Reply.garbage(300_000));
        startStation();
        String jti = play(Map.of("source", room.streams().uri("/garbage.mp3").toString(), "volume", 100));
        Map<String, Object> end = room.central().awaitFinal(station.id(), jti, Duration.ofSeconds(15));
        assertEquals("failed", end.get("status"), end.toString());
        assertEquals("decode_error", end.get("code"));
        assertTrue(String.valueOf(end.get("reason")).contains("/garbage.mp3"), end.toString());
        room.central().awaitState(station.id(), "\"amp\":"); // the station still reports
        float[][] out = speakers();
        assertEquals(0.0, Spectrum.peak(out[0], 0, out[0].length), 1e-4, "not a sample of noise");
    }

    @Test
    void anUnreachableSourceFailsAfterTheRetryWindowSayingWhy() throws Exception {
        int closed = Mosquitto.freePort();
        startStation();
        long t0 = System.nanoTime();
        String jti = play(Map.of("source", "http://127.0.0.1:" + closed + "/radio.mp3"));
        Map<String, Object> end = room.central().awaitFinal(station.id(), jti, Duration.ofSeconds(30));
        double took = (System.nanoTime() - t0) / 1e9;
        assertEquals("failed", end.get("status"), end.toString());
        assertEquals("source_unreachable", end.get("code"));
        assertTrue(String.valueOf(end.get("reason")).contains("refused"), end.toString());
        assertTrue(took >= 4.5 && took < 15, "failed after the 5 s retry window, took " + took);
    }

    @Test
    void aDeadPrimaryFailsOverToTheSecondUrlAndComesBackWhenItAnswers() throws Exception {
        room.streams().serve("/primary.mp3", Reply.live(liveMp3("primary", 440)).paced(16_000));
        room.streams().serve("/backup.mp3", Reply.live(liveMp3("backup", 880)).paced(16_000));
        room.streams().down("/primary.mp3", Down.REFUSE_503);
        startStation();
        String jti = play(Map.of("source", List.of(room.streams().uri("/primary.mp3").toString(),
                room.streams().uri("/backup.mp3").toString()), "volume", 100));
        room.central().awaitAck(station.id(), jti, "started");
        room.streams().awaitConnections("/backup.mp3", 1, Duration.ofSeconds(10));
        station.process().awaitLine("playing .*/backup.mp3", Duration.ofSeconds(10));
        room.streams().up("/primary.mp3");
        station.process().awaitLine("primary .*/primary.mp3 is back", Duration.ofSeconds(20));
        station.process().awaitLine("playing .*/primary.mp3", Duration.ofSeconds(10));
        // not synchronisation: two seconds of the primary must reach the speakers to be measured below
        Thread.sleep(2_000);
        String stop = room.central().send(room.district(), station.id(), "stop", Map.of("session", jti));
        room.central().awaitAck(station.id(), stop, "finished");

        float[][] out = speakers();
        int[] span = audible(out[0]);
        assertTone(out[0], span[0] + RATE / 2, RATE / 2, 880, 0.5);
        assertTone(out[0], span[1] - RATE, RATE / 2, 440, 0.5);
        assertTrue(heardFraction(out[0], span[1] - RATE, span[1] - RATE / 20, 440, 0.5) > 0.8,
                "the primary plays on after the switch");
    }

    @Test
    void aFileModeDownloadIsCheckedCachedAndThenPlaysWithoutTheNetwork() throws Exception {
        byte[] file = Files.readAllBytes(mp3("cached", new Tone(660, 0.5, 1, 44_100, 1), 64));
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        room.streams().serve("/cached.mp3", Reply.sized(file));
        room.streams().serve("/altered.mp3", Reply.sized(file));
        startStation();
        Map<String, Object> args = Map.of("source", room.streams().uri("/cached.mp3").toString(), "mode", "file",
                "sha256", sha256, "volume", 100);
        String first = play(args);
        assertEquals("finished", room.central().awaitFinal(station.id(), first, Duration.ofSeconds(20)).get("status"));
        int fetched = room.streams().connections("/cached.mp3");

        room.streams().down("/cached.mp3", Down.CLOSE);
        String offline = play(args);
        assertEquals("finished", room.central().awaitFinal(station.id(), offline, Duration.ofSeconds(20)).get("status"),
                "played from the cache with its server gone");
        assertEquals(fetched, room.streams().connections("/cached.mp3"), "not fetched again");

        String wrong = play(Map.of("source", room.streams().uri("/altered.mp3").toString(), "mode", "file",
                "sha256", "0".repeat(64)));
        Map<String, Object> end = room.central().awaitFinal(station.id(), wrong, Duration.ofSeconds(20));
        assertEquals("failed", end.get("status"), end.toString());
        assertTrue(String.valueOf(end.get("reason")).contains("SHA-256 is " + sha256), end.toString());
        assertEquals(1, room.streams().connections("/altered.mp3"), "a wrong file is not fetched again and again");

        float[][] out = speakers();
        int first660 = Spectrum.firstAbove(out[0], THRESHOLD);
        assertTone(out[0], first660 + RATE / 4, RATE / 2, 660, 0.5);
        int second = Spectrum.firstAbove(java.util.Arrays.copyOfRange(out[0], first660 + (int) (1.2 * RATE),
                out[0].length), THRESHOLD) + first660 + (int) (1.2 * RATE);
        assertTone(out[0], second + RATE / 4, RATE / 2, 660, 0.5);
    }


    @Test
    void aBulletinReplacedUnderItsUrlPlaysItsNewVersionAndTheCachedOneWhenItsServerIsGone() throws Exception {
        // "ban tin hang ngay": the same URL every day, no sha256 in the command; each day after a restart, so
        // that the play is the first since the last check (one within a minute of a check does not ask again)
        room.streams().serve("/ban-tin.mp3",
                Reply.sized(Files.readAllBytes(mp3("monday", new Tone(440, 0.5, 1, 44_100, 1), 64)))
                        .header("ETag", "\"monday\""));
        Map<String, Object> args = Map.of("source", room.streams().uri("/ban-tin.mp3").toString(), "mode", "file",
                "volume", 100);
        startStation();
        assertEquals("finished",
                room.central().awaitFinal(station.id(), play(args), Duration.ofSeconds(20)).get("status"));
        assertTone(playedTone(speakers()), 0, RATE / 2, 440, 0.5);

        room.streams().serve("/ban-tin.mp3",
                Reply.sized(Files.readAllBytes(mp3("tuesday", new Tone(880, 0.5, 1, 44_100, 1), 64)))
                        .header("ETag", "\"tuesday\""));
        station.start();
        assertEquals("finished",
                room.central().awaitFinal(station.id(), play(args), Duration.ofSeconds(20)).get("status"));
        assertEquals("\"monday\"", room.streams().lastRequest("/ban-tin.mp3").header("if-none-match"));
        assertTone(playedTone(speakers()), 0, RATE / 2, 880, 0.5);

        room.streams().down("/ban-tin.mp3", Down.CLOSE);
        station.start();
        assertEquals("finished",
                room.central().awaitFinal(station.id(), play(args), Duration.ofSeconds(20)).get("status"),
                "its server gone, the cached copy plays");
        assertTone(playedTone(speakers()), 0, RATE / 2, 880, 0.5);
    }

    /** The left channel from a quarter second into the first audible sound on, for {@link #assertTone}. */
    private static float[] playedTone(float[][] out) {
        int first = Spectrum.firstAbove(out[0], THRESHOLD);
        assertTrue(first >= 0, "the speakers got nothing audible");
        return java.util.Arrays.copyOfRange(out[0], first + RATE / 4, out[0].length);
    }

    @Test
    void garbageMidStreamIsSkippedAndAStallReconnectsWithTheStationPlayingOn() throws Exception {
        byte[] live = liveMp3("live-stall", 440);
        // ~1 s of audio, 2 KB of garbage, ~1 s more, then silence with the socket open: a stall
        room.streams().serve("/stalls.mp3", Reply.live(live).paced(16_000).garbageAt(16_000, 2_000).stallAfter(34_000));
        startStation();
        String jti = play(Map.of("source", room.streams().uri("/stalls.mp3").toString(), "volume", 100));
        room.central().awaitAck(station.id(), jti, "started");
        station.process().awaitLine("source .*no data from 127.0.0.1:" + room.streams().port() + " for 2 s",
                Duration.ofSeconds(15));
        room.streams().awaitConnections("/stalls.mp3", 2, Duration.ofSeconds(10));
        station.process().awaitLine("source .*: playing .*/stalls.mp3", Duration.ofSeconds(10));
        // not synchronisation: a second of audio after the reconnect must reach the speakers to be measured
        Thread.sleep(1_500);
        String stop = room.central().send(room.district(), station.id(), "stop", Map.of("session", jti));
        room.central().awaitAck(station.id(), stop, "finished");
        assertEquals("stopped", room.central().awaitFinal(station.id(), jti, Duration.ofSeconds(10)).get("status"));

        float[][] out = speakers();
        int[] span = audible(out[0]);
        assertTone(out[0], span[0] + RATE / 4, RATE / 2, 440, 0.5);
        assertTone(out[0], span[1] - RATE, RATE / 2, 440, 0.5);
        assertTrue(Spectrum.peak(out[0], span[0], span[1] - span[0]) <= 0.891, "garbage never overdrives");
    }

}
