package vn.communeradio.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vn.communeradio.hal.audio.Spectrum;

class ResamplerTest {

    private static final int[] IN_RATES = {8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000};
    private static final int[] OUT_RATES = {48000, 44100};
    private static final double[] PASSBAND_FRACTIONS = {0.005, 0.05, 0.2, 0.4, 0.6, 0.75, 0.85, 0.9};

    /** Converts all of {@code in} in calls of {@code chunk} frames; returns exactly the frames produced. */
    static float[] convert(Resampler r, float[] in, int channels, int chunk) {
        int frames = in.length / channels;
        float[] out = new float[(r.maxOutputFrames(frames) + 8) * channels];
        float[] piece = new float[chunk * channels];
        float[] part = new float[r.maxOutputFrames(chunk) * channels];
        int written = 0;
        for (int at = 0; at < frames; at += chunk) {
            int n = Math.min(chunk, frames - at);
            System.arraycopy(in, at * channels, piece, 0, n * channels);
            int got = r.process(piece, n, part);
            System.arraycopy(part, 0, out, written * channels, got * channels);
            written += got;
        }
        return Arrays.copyOf(out, written * channels);
    }

    private static Resampler resampler(int channels, int in, int out) {
        Resampler r = new Resampler(channels);
        r.configure(in, out);
        return r;
    }

    private interface Score {
        double of(float[] output, double hz, int outRate);
    }

    private record Worst(double score, String where) {
    }

    /** Converts a 0.5 sine at each passband frequency for every rate pair; the highest score and where. */
    private static Worst worstOverThePassband(Score score) {
        Worst worst = new Worst(-Double.MAX_VALUE, "");
        for (int in : IN_RATES) {
            for (int out : OUT_RATES) {
                for (double fraction : PASSBAND_FRACTIONS) {
                    double hz = fraction * Math.min(in, out) / 2.0;
                    float[] y = convert(resampler(1, in, out), Signals.sine(hz, 0.5, in, in, 1), 1, 1024);
                    double s = score.of(y, hz, out);
                    if (s > worst.score()) {
                        worst = new Worst(s, in + "->" + out + " at " + Math.round(hz) + " Hz");
                    }
                }
            }
        }
        return worst;
    }

    @Test
    void passbandIsFlatWithinATenthOfADb() {
        Worst worst = worstOverThePassband(
                (y, hz, out) -> Math.abs(Signals.db(Spectrum.amplitude(y, 2000, 32768, hz, out) / 0.5)));
        System.out.printf("resampler passband: worst deviation %.4f dB (%s)%n", worst.score(), worst.where());
        assertTrue(worst.score() <= 0.1, "passband off by " + worst.score() + " dB at " + worst.where());
    }

    @Test
    void imagesAliasesAndNoiseAreAtLeast70DbDown() {
        Worst worst = worstOverThePassband((y, hz, out) -> Signals.residualDb(y, 2000, 32768, hz, out));
        System.out.printf("resampler images/aliases/noise: worst %.1f dB below the signal (%s)%n", -worst.score(),
                worst.where());
        assertTrue(worst.score() <= -70, "residual " + worst.score() + " dB at " + worst.where());
    }

    @Test
    void rejectsWhatTheOutputCannotHoldEvenAtFullDrift() {
        int[][] pairs = {{48000, 44100}, {96000, 48000}, {48000, 48000}, {44100, 44100}, {96000, 44100}};
        double worst = -999;
        String where = "";
        for (int[] pair : pairs) {
            int in = pair[0];
            int out = pair[1];
            double stopHz = Math.min(in, out / Resampler.MAX_DRIFT) / 2;
            for (double hz : new double[] {stopHz + 20, (stopHz + in / 2.0) / 2, in / 2.0 * 0.99}) {
                for (double drift : new double[] {1.0, Resampler.MAX_DRIFT}) {
                    Resampler r = resampler(1, in, out);
                    r.setDrift(drift);
                    float[] y = convert(r, Signals.sine(hz, 0.5, in, in, 1), 1, 1000);
                    double level = Signals.db(Spectrum.rms(y, 2000, 30000) / (0.5 / Math.sqrt(2)));
                    if (level > worst) {
                        worst = level;
                        where = in + "->" + out + " at " + Math.round(hz) + " Hz, drift " + drift;
                    }
                }
            }
        }
        System.out.printf("resampler stopband: worst %.1f dB (%s)%n", worst, where);
        assertTrue(worst <= -70, "stopband leak " + worst + " dB at " + where);
    }

    @Test
    void oneBigCallEqualsManySmallOnes() {
        Random random = new Random(7);
        float[] in = new float[44100 * 3 * 2];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (random.nextGaussian() * 0.2);
        }
        Resampler whole = resampler(2, 44100, 48000);
        whole.setDrift(1.004);
        float[] expected = convert(whole, in, 2, in.length / 2);

        Resampler pieces = resampler(2, 44100, 48000);
        pieces.setDrift(1.004);
        float[] out = new float[expected.length + 64];
        float[] part = new float[pieces.maxOutputFrames(5760) * 2];
        int written = 0;
        int at = 0;
        while (at < in.length / 2) {
            int n = Math.min(random.nextBoolean() ? 1 + random.nextInt(8) : 1 + random.nextInt(5760), in.length / 2 - at);
            float[] piece = Arrays.copyOfRange(in, at * 2, (at + n) * 2);
            int got = pieces.process(piece, n, part);
            assertTrue(got <= pieces.maxOutputFrames(n));
            System.arraycopy(part, 0, out, written * 2, got * 2);
            written += got;
            at += n;
        }
        assertEquals(expected.length / 2, written);
        assertArrayEquals(expected, Arrays.copyOf(out, written * 2), 1e-6f);
    }

    @Test
    void oneFrameCallsWork() {
        float[] in = Signals.sine(1000, 0.5, 8000, 4000, 1);
        float[] expected = convert(resampler(1, 8000, 48000), in, 1, 4000);
        float[] actual = convert(resampler(1, 8000, 48000), in, 1, 1);
        assertArrayEquals(expected, actual, 1e-6f);
        assertEquals(0, resampler(1, 8000, 48000).process(new float[0], 0, new float[16]));
    }

    @Test
    void driftSetsTheOutputLengthToTheFrame() {
        int frames = 441000;
        for (double drift : new double[] {1.01, 0.99, 1.0, 1.03}) {
            Resampler r = resampler(2, 44100, 48000);
            r.setDrift(drift);
            float[] out = convert(r, new float[frames * 2], 2, 997);
            double expected = frames * 48000.0 / 44100 / drift;
            assertEquals(expected, out.length / 2, 2, "drift " + drift);
        }
        Resampler clamped = resampler(1, 48000, 48000);
        clamped.setDrift(2.0);
        assertEquals(48000 / 1.03, convert(clamped, new float[48000], 1, 480).length, 2);
        Resampler confused = resampler(1, 48000, 48000);
        confused.setDrift(Double.NaN);
        assertEquals(48000, convert(confused, new float[48000], 1, 480).length, 2);
    }

    @Test
    void driftChangeMidStreamGlidesToTheNewRate() {
        Resampler r = resampler(1, 48000, 48000);
        float[] tone = Signals.sine(1000, 0.5, 48000, 48000 * 4, 1);
        float[] before = convert(r, Arrays.copyOfRange(tone, 0, 24000), 1, 480);
        r.setDrift(1.03);
        // the first 10 ms after the change: an abrupt switch would give 466 frames, a 100 ms glide ~479
        float[] first = convert(r, Arrays.copyOfRange(tone, 24000, 24480), 1, 480);
        assertTrue(first.length >= 476, "ratio jumped: " + first.length + " frames for 480");
        float[] rest = convert(r, Arrays.copyOfRange(tone, 24480, 48000 * 4), 1, 480);
        float[] all = new float[before.length + first.length + rest.length];
        System.arraycopy(before, 0, all, 0, before.length);
        System.arraycopy(first, 0, all, before.length, first.length);
        System.arraycopy(rest, 0, all, before.length + first.length, rest.length);
        // no click across the change: a 0.5 sine at up to 1030 Hz moves at most 2π·1030·0.5/48000 a frame
        double maxStep = 2 * Math.PI * 1030 * 0.5 / 48000;
        assertTrue(Spectrum.largestStep(all, 1000, all.length - 2000) <= maxStep * 1.02);
        // settled: a second's worth of input now gives 1/1.03 of the frames, and the pitch rose 3%
        float[] settled = convert(r, Arrays.copyOfRange(tone, 0, 48000), 1, 480);
        assertEquals(48000 / 1.03, settled.length, 2);
        assertEquals(1030, Spectrum.strongest(settled, 0, 32768, 48000, 900, 1100), 2);
    }

    @Test
    void delayFramesIsWhereAnImpulseComesOut() {
        for (int[] pair : new int[][] {{44100, 48000}, {8000, 48000}, {48000, 44100}, {48000, 48000}}) {
            Resampler r = resampler(1, pair[0], pair[1]);
            float[] in = new float[pair[0]];
            in[1000] = 1f;
            float[] out = convert(r, in, 1, 256);
            int peak = 0;
            for (int i = 0; i < out.length; i++) {
                peak = Math.abs(out[i]) > Math.abs(out[peak]) ? i : peak;
            }
            double expected = 1000.0 * pair[1] / pair[0] + r.delayFrames();
            assertEquals(expected, peak, 1.5, pair[0] + "->" + pair[1]);
        }
    }

    @Test
    void configureKeepsTheStreamUnlessTheRatesChange() {
        float[] in = Signals.sine(440, 0.5, 44100, 4410, 2);
        Resampler r = resampler(2, 44100, 48000);
        float[] expected = convert(r, in, 2, 4410);
        expected = Arrays.copyOfRange(expected, 0, expected.length);

        Resampler same = resampler(2, 44100, 48000);
        float[] firstHalf = convert(same, Arrays.copyOf(in, 4410), 2, 2205);
        same.configure(44100, 48000);
        float[] secondHalf = convert(same, Arrays.copyOfRange(in, 4410, 8820), 2, 2205);
        float[] joined = Arrays.copyOf(firstHalf, firstHalf.length + secondHalf.length);
        System.arraycopy(secondHalf, 0, joined, firstHalf.length, secondHalf.length);
        assertArrayEquals(expected, joined, 1e-6f);

        same.configure(48000, 48000);
        assertEquals(100, convert(same, new float[200], 2, 100).length / 2, 1, "fresh history after a rate change");
    }

    @Test
    void flushesDenormalsToZero() {
        Resampler r = resampler(1, 44100, 48000);
        float[] in = new float[4410];
        Arrays.fill(in, Float.MIN_NORMAL / 64);
        for (float v : convert(r, in, 1, 441)) {
            assertEquals(0f, v);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Resampler(3));
        assertThrows(IllegalArgumentException.class, () -> new Resampler(1).configure(7999, 48000));
        assertThrows(IllegalArgumentException.class, () -> new Resampler(1).configure(48000, 96001));
        assertThrows(IllegalStateException.class, () -> new Resampler(1).process(new float[1], 1, new float[8]));
        Resampler r = resampler(2, 8000, 48000);
        assertThrows(IllegalArgumentException.class, () -> r.process(new float[200], 100, new float[1000]));
    }
}
