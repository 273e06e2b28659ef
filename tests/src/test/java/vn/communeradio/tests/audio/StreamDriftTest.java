package vn.communeradio.tests.audio;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.playback.StreamVoice;
import vn.communeradio.hal.audio.NullAudioOutput;
import vn.communeradio.hal.audio.OutputFormat;
import vn.communeradio.tests.support.Pipeline;
import vn.communeradio.tests.support.RunsAlone;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.TestAudio;
import vn.communeradio.tests.support.TestAudio.Tone;

/**
 * A live stream whose sender's clock runs 1% fast or slow against the output's: the drift control must hold the
 * jitter buffer at its target by resampling, with no underrun and no growing latency, and its factor must settle
 * at the clock ratio. Real parts: a paced loopback HTTP stream of a CBR MP3 (44.1 kHz, so the resampler runs
 * anyway), Sounds, Mixer, and a real-time paced null output at 48 kHz. The three clocks play side by side, each
 * on its own output, so the test takes one run's time.
 */
@RunsAlone
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamDriftTest {

    private static final Duration BUFFER = Duration.ofMillis(500);
    private static final int RATE = 48_000;
    private static final int KBPS = 128;
    /** Long enough for a PI controller with a ~20 s time constant to settle twice over. */
    private static final Duration RUN = Duration.ofSeconds(80);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(100);
    /** The start-up transient (buffer filled in a burst of decoding, the controller's first seconds) is excused. */
    private static final double SETTLE_S = 5;
    private static final double BAND_S = 0.150;
    /** The factor is judged on the last stretch, when the loop has settled. */
    private static final double FINAL_S = 20;
    private static final double FACTOR_TOLERANCE = 0.0015;

    @TempDir
    Path dir;

    /** One stream under test and what was sampled of it. */
    private static final class Run {
        final double speed;
        final Pipeline pipeline;
        StreamVoice voice;
        final List<double[]> samples = new ArrayList<>(); // {t s, buffered s, drift factor}

        Run(double speed, Pipeline pipeline) {
            this.speed = speed;
            this.pipeline = pipeline;
        }
    }

    @Test
    void driftControlHoldsTheBufferAtItsTargetWhenTheSendersClockIsFastOrSlow() throws Exception {
        Path wav = TestAudio.wav(dir, "tone.wav", new Tone(440, 0.5, 10, 44_100, 2));
        byte[] mp3 = Files.readAllBytes(TestAudio.mp3CbrLoopable(wav, KBPS));
        List<Run> runs = new ArrayList<>();
        try (StreamServer server = StreamServer.start()) {
            try {
                for (double speed : new double[] {1.01, 0.99, 1.00}) {
                    String path = "/live-" + speed + ".mp3";
                    server.serve(path, Reply.live(mp3).paced(KBPS * 1000 / 8.0).speed(speed));
                    Path cache = Files.createDirectories(dir.resolve("cache-" + speed));
                    Run run = new Run(speed, new Pipeline(new NullAudioOutput(new OutputFormat(RATE, 2, 256)),
                            BUFFER, cache));
                    runs.add(run);
                    run.voice = run.pipeline.play(server.uri(path));
                }
                for (Run run : runs) {
                    Pipeline.await("speed " + run.speed + " playing", Duration.ofSeconds(10), run.voice::playing,
                            () -> run.pipeline.events() + ", buffered " + run.voice.bufferedFrames());
                }
                sample(runs);
            } finally {
                runs.forEach(r -> r.pipeline.close());
            }
        }
        List<Executable> checks = new ArrayList<>();
        for (Run run : runs) {
            report(run);
            checks.add(() -> check(run));
        }
        assertAll(checks);
    }

    /** Measures every run at a fixed rate for {@link #RUN}: the measured interval, not synchronisation. */
    private static void sample(List<Run> runs) {
        long start = System.nanoTime();
        long next = start;
        while (next - start < RUN.toNanos()) {
            double t = (next - start) / 1e9;
            for (Run run : runs) {
                run.samples.add(new double[] {t, (double) run.voice.bufferedFrames() / RATE,
                        run.voice.driftFactor()});
            }
            next += SAMPLE_EVERY.toNanos();
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    private static void check(Run run) {
        double target = BUFFER.toMillis() / 1000.0;
        String who = "speed " + run.speed + ": ";
        assertEquals(List.of(), run.pipeline.events(), who + "session events");
        assertEquals(0, run.voice.underruns(), who + "underruns");
        // a late period of the paced null output is this machine's scheduler (three pipelines share two cores),
        // not the stream; underruns above are what the drift control answers for
        assertTrue(run.pipeline.output().stats().xruns() <= 3, who + "late periods of the null output: "
                + run.pipeline.output().stats().xruns());
        for (double[] s : run.samples) {
            if (s[0] >= SETTLE_S) {
                assertEquals(target, s[1], BAND_S, who + "buffer at " + fmt(s[0]) + " s");
            }
        }
        double factor = mean(run, 2, RUN.toSeconds() - FINAL_S);
        assertEquals(run.speed, factor, FACTOR_TOLERANCE, who + "mean drift factor over the last " + FINAL_S + " s");
        double level = mean(run, 1, RUN.toSeconds() - FINAL_S);
        assertEquals(target, level, 0.05, who + "mean buffer over the last " + FINAL_S + " s");
        assertTrue(run.voice.playing(), who + "still playing at the end");
    }

    private static double mean(Run run, int column, double fromSeconds) {
        return run.samples.stream().filter(s -> s[0] >= fromSeconds).mapToDouble(s -> s[column]).average()
                .orElseThrow();
    }

    /** Prints the trace every 5 s, so that a failure (or a tuning question) shows how the loop moved. */
    private static void report(Run run) {
        StringBuilder b = new StringBuilder("speed " + run.speed + ": t s / buffer ms / factor:");
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double[] s : run.samples) {
            if (Math.round(s[0] * 10) % 50 == 0) {
                b.append(String.format(" %.0f/%.0f/%.4f", s[0], s[1] * 1000, s[2]));
            }
            if (s[0] >= SETTLE_S) {
                min = Math.min(min, s[1]);
                max = Math.max(max, s[1]);
            }
        }
        b.append(String.format("%n  after %.0f s: buffer %.0f..%.0f ms (target %d); last %.0f s: factor %.5f, "
                        + "buffer %.0f ms; underruns %d, skipped %d samples, output %s", SETTLE_S, min * 1000,
                max * 1000, BUFFER.toMillis(), FINAL_S, mean(run, 2, RUN.toSeconds() - FINAL_S),
                1000 * mean(run, 1, RUN.toSeconds() - FINAL_S), run.voice.underruns(), run.voice.skippedSamples(),
                run.pipeline.output().stats()));
        System.out.println(b);
    }

    private static String fmt(double seconds) {
        return String.format("%.1f", seconds);
    }
}
