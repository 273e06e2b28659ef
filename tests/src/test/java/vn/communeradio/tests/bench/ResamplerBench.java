package vn.communeradio.tests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import vn.communeradio.gateway.audio.Limiter;
import vn.communeradio.gateway.audio.Resampler;

/**
 * CPU cost of the resampler and the limiter, as × real time on one thread; with ffmpeg's soxr timed on the same
 * length for reference when ffmpeg is installed. Not a test: run it by hand, pinned to one core:
 *
 * <pre>taskset -c 0 tests/bench.sh ResamplerBench [seconds]</pre>
 */
public final class ResamplerBench {

    private static final int CHUNK = 1024;
    /** Where results go so that the JIT cannot drop the work. */
    static volatile double sink;

    private ResamplerBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        System.out.printf("%d s of audio per run, %d-frame calls, best of 5 after 2 warm-up runs%n", seconds, CHUNK);
        resample("44.1k -> 48k stereo", 2, 44100, 48000, false, seconds);
        resample("22.05k -> 48k mono", 1, 22050, 48000, false, seconds);
        resample("48k -> 48k stereo, drift changed every call", 2, 48000, 48000, true, seconds);
        resample("48k -> 44.1k stereo", 2, 48000, 44100, false, seconds);
        limit("limiter 48k stereo, 4x overdriven", 4.0, seconds);
        limit("limiter 48k stereo, mostly below threshold", 0.5, seconds);
        soxr(seconds);
    }

    private static float[] signal(int channels, int rate, int seconds, double amplitude) {
        Random random = new Random(1);
        float[] x = new float[rate * seconds * channels];
        for (int i = 0; i < x.length; i++) {
            double t = (double) (i / channels) / rate;
            x[i] = (float) (amplitude * (0.6 * Math.sin(2 * Math.PI * 997 * t) + 0.3 * random.nextGaussian()));
        }
        return x;
    }

    private static void resample(String name, int channels, int in, int out, boolean drift, int seconds) {
        float[] x = signal(channels, in, seconds, 0.5);
        Resampler r = new Resampler(channels);
        r.configure(in, out);
        float[] chunk = new float[CHUNK * channels];
        float[] y = new float[r.maxOutputFrames(CHUNK) * channels];
        int frames = x.length / channels;
        double best = Double.MAX_VALUE;
        long produced = 0;
        for (int run = 0; run < 7; run++) {
            r.reset();
            long start = System.nanoTime();
            for (int at = 0, call = 0; at + CHUNK <= frames; at += CHUNK, call++) {
                System.arraycopy(x, at * channels, chunk, 0, chunk.length);
                if (drift) {
                    r.setDrift(1 + 0.0005 * ((call % 20) - 10) / 10); // what a fill-level controller would do
                }
                produced += r.process(chunk, CHUNK, y);
            }
            double s = (System.nanoTime() - start) / 1e9;
            sink += y[0];
            if (run >= 2) {
                best = Math.min(best, s);
            }
        }
        System.out.printf("%-46s %4d taps  %7.1f x real time  (%d output frames)%n", name, r.taps(), seconds / best,
                produced / 7);
    }

    private static void limit(String name, double amplitude, int seconds) {
        float[] x = signal(2, 48000, seconds, amplitude);
        Limiter limiter = new Limiter(2, 48000);
        float[] chunk = new float[CHUNK * 2];
        double best = Double.MAX_VALUE;
        for (int run = 0; run < 7; run++) {
            long start = System.nanoTime();
            for (int at = 0; at + CHUNK <= x.length / 2; at += CHUNK) {
                System.arraycopy(x, at * 2, chunk, 0, chunk.length);
                limiter.process(chunk, CHUNK);
                sink += chunk[0];
            }
            double s = (System.nanoTime() - start) / 1e9;
            if (run >= 2) {
                best = Math.min(best, s);
            }
        }
        System.out.printf("%-46s %7.1f x real time%n", name, seconds / best);
    }

    /** ffmpeg with soxr on the same length, minus ffmpeg's own cost (the same command with no resampling). */
    private static void soxr(int seconds) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("resampler-bench");
        Path wav = dir.resolve("in.wav");
        try {
            if (run(List.of("ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=997:sample_rate=44100:duration=" + seconds, "-ac", "2", "-c:a", "pcm_f32le",
                    wav.toString())) < 0) {
                System.out.println("ffmpeg not found: no soxr reference");
                return;
            }
            double plain = Double.MAX_VALUE;
            double soxr = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                plain = Math.min(plain, run(ffmpeg(wav, "anull")));
                soxr = Math.min(soxr, run(ffmpeg(wav, "aresample=resampler=soxr:osr=48000")));
            }
            System.out.printf("%-46s %7.1f x real time  (ffmpeg %.3f s with it, %.3f s without)%n",
                    "soxr (ffmpeg, default precision 20 bits)", seconds / (soxr - plain), soxr, plain);
        } finally {
            Files.deleteIfExists(wav);
            Files.deleteIfExists(dir);
        }
    }

    private static List<String> ffmpeg(Path wav, String filter) {
        return Arrays.asList("ffmpeg", "-v", "error", "-threads", "1", "-filter_threads", "1", "-i", wav.toString(),
                "-af", filter, "-c:a", "pcm_f32le", "-f", "null", "-");
    }

    /** Wall time of a command in seconds, or -1 if it cannot be started or fails. */
    private static double run(List<String> command) throws InterruptedException {
        long start = System.nanoTime();
        try {
            Process p = new ProcessBuilder(command).inheritIO().start();
            return p.waitFor() == 0 ? (System.nanoTime() - start) / 1e9 : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
