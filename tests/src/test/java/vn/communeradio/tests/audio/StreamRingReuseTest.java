package vn.communeradio.tests.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.playback.StreamVoice;
import vn.communeradio.hal.audio.OutputFormat;
import vn.communeradio.hal.audio.Spectrum;
import vn.communeradio.hal.audio.WavFile;
import vn.communeradio.hal.audio.WavFileAudioOutput;
import vn.communeradio.tests.support.Pipeline;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.TestAudio;
import vn.communeradio.tests.support.TestAudio.Tone;

/**
 * Session after session, a station hands its stream rings on instead of making one per session (2 MB each: their
 * churn made the garbage collector touch the whole heap within a few hundred sessions), and a session never plays
 * what the session before it left in the ring. Five live streams of five tones, each replacing the one before once
 * it plays, through Sounds, Mixer and a real-time WAV output: every 20 ms of what the output got is the tone of one
 * session, the tones come in order and none comes back once the next has started; two rings serve the five.
 */
class StreamRingReuseTest {

    private static final int RATE = 48_000;
    private static final double[] HZ = {300, 600, 900, 1200, 1500};
    private static final Duration PLAYED = Duration.ofMillis(400);
    /**
     * A window with less than half a tone's level (they play at 0.34 RMS) holds only a sliver of it, where a session
     * began or the next cut it off: too short for a pitch (a 1200 Hz tone's last millisecond, at 0.07 RMS, once
     * peaked at 948 Hz and read as 900). What a reused ring that was not emptied plays, the session before's tone
     * for as long as its buffer held, is at full level.
     */
    private static final double PITCHED_RMS = 0.17;

    @TempDir
    Path dir;

    @Test
    void sessionsHandTheirRingsOnAndNoneHearsTheOneBefore() throws Exception {
        Path out = dir.resolve("out.wav");
        try (StreamServer server = StreamServer.start()) {
            try (Pipeline pipeline = new Pipeline(new WavFileAudioOutput(out, new OutputFormat(RATE, 2, 256), 16),
                    Duration.ofMillis(300), Files.createDirectories(dir.resolve("cache")))) {
                for (int i = 0; i < HZ.length; i++) {
                    Path wav = TestAudio.wav(dir, "tone" + i + ".wav", new Tone(HZ[i], 0.5, 5, 44_100, 2));
                    server.serve("/tone" + i + ".mp3",
                            Reply.live(Files.readAllBytes(TestAudio.mp3CbrLoopable(wav, 128))).paced(16_000));
                }
                for (int i = 0; i < HZ.length; i++) {
                    StreamVoice voice = pipeline.play(server.uri("/tone" + i + ".mp3"));
                    Pipeline.await("tone " + HZ[i] + " playing", Duration.ofSeconds(10), voice::playing,
                            pipeline::events);
                    long until = System.nanoTime() + PLAYED.toNanos();
                    Pipeline.await(PLAYED + " of it played", Duration.ofSeconds(10),
                            () -> System.nanoTime() - until > 0, pipeline::events);
                }
                assertEquals(2, pipeline.sounds().ringsMade(), "rings made for five sessions, one after another");
            }
        }
        float[] left = Spectrum.channel(WavFile.read(out), 0);
        List<Double> heard = new ArrayList<>();
        int window = RATE / 50;
        for (int from = 0; from + window <= left.length; from += window) {
            if (Spectrum.rms(left, from, window) < PITCHED_RMS) {
                continue; // buffering, the fade-in, or a window only partly filled by a tone
            }
            double strongest = Spectrum.strongest(left, from, window, RATE, 200, 2000);
            double tone = nearest(strongest);
            if (Math.abs(strongest - tone) < 60 && (heard.isEmpty() || heard.get(heard.size() - 1) != tone)) {
                heard.add(tone);
            }
        }
        assertEquals(List.of(300.0, 600.0, 900.0, 1200.0, 1500.0), heard,
                "the tones in the order the sessions played, none coming back after the next began");
    }

    private static double nearest(double hz) {
        double best = HZ[0];
        for (double h : HZ) {
            if (Math.abs(h - hz) < Math.abs(best - hz)) {
                best = h;
            }
        }
        return best;
    }
}
