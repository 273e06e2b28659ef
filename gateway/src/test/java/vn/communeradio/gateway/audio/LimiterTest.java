package vn.communeradio.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vn.communeradio.hal.audio.Spectrum;

class LimiterTest {

    private static final int RATE = 48000;

    private static float[] limit(Limiter limiter, float[] signal, int channels, int block) {
        float[] y = signal.clone();
        float[] piece = new float[block * channels];
        for (int at = 0; at < y.length / channels; at += block) {
            int n = Math.min(block, y.length / channels - at);
            System.arraycopy(y, at * channels, piece, 0, n * channels);
            limiter.process(piece, n);
            System.arraycopy(piece, 0, y, at * channels, n * channels);
        }
        return y;
    }

    @Test
    void belowMinusThreeDbfsPassesBitForBit() {
        Random random = new Random(3);
        float[] x = new float[RATE * 2 * 2];
        for (int f = 0; f < x.length / 2; f++) {
            double t = (double) f / RATE;
            double music = 0.35 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * 3150 * t)
                    + 0.1 * random.nextGaussian();
            x[2 * f] = (float) Math.max(-0.707, Math.min(0.707, music));
            x[2 * f + 1] = (float) Math.max(-0.707, Math.min(0.707, -music * 0.8));
        }
        Limiter limiter = new Limiter(2, RATE);
        float[] y = limit(limiter, x, 2, 256);
        int lag = limiter.latencyFrames() * 2;
        assertArrayEquals(Arrays.copyOf(x, x.length - lag), Arrays.copyOfRange(y, lag, y.length));
        assertEquals(0f, limiter.reductionDb());
    }

    @Test
    void afterAPeakHasBeenReleasedQuietAudioPassesBitForBitAgain() {
        Limiter limiter = new Limiter(1, RATE);
        limit(limiter, Signals.sine(1000, 3.0, RATE, RATE / 2, 1), 1, 256);
        limit(limiter, new float[RATE * 3], 1, 256); // the release takes ~1.7 s to the last float step
        float[] quiet = Signals.sine(440, 0.5, RATE, RATE, 1);
        float[] y = limit(limiter, quiet, 1, 256);
        int lag = limiter.latencyFrames();
        assertArrayEquals(Arrays.copyOf(quiet, quiet.length - lag), Arrays.copyOfRange(y, lag, y.length));
        assertEquals(0f, limiter.reductionDb());
    }

    @Test
    void fourTimesOverdrivenSineStaysUnderTheCeilingWithLowDistortion() {
        for (double hz : new double[] {100, 1000}) {
            Limiter limiter = new Limiter(1, RATE);
            float[] y = limit(limiter, Signals.sine(hz, 4.0, RATE, RATE * 2, 1), 1, 480);
            int from = RATE; // after the first second: the steady state
            int n = RATE;
            double fundamental = Spectrum.amplitude(y, from, n, hz, RATE);
            double harmonics = 0;
            for (int k = 2; k <= 15; k++) {
                double a = Spectrum.amplitude(y, from, n, k * hz, RATE);
                harmonics += a * a;
            }
            double thd = Math.sqrt(harmonics) / fundamental;
            System.out.printf("limiter: 4x overdriven %.0f Hz sine -> peak %.4f, fundamental %.3f, THD %.4f%%,"
                    + " reduction %.1f dB%n", hz, Spectrum.peak(y, 0, y.length), fundamental, thd * 100,
                    limiter.reductionDb());
            assertTrue(Spectrum.peak(y, 0, y.length) <= Limiter.CEILING);
            assertTrue(fundamental > 0.7, "level kept near the threshold: " + fundamental);
            // the gain held through a low tone's half period: no ripple between its peaks to distort it
            assertTrue(thd < 0.001, hz + " Hz THD " + thd);
            assertEquals(Signals.db(4.0 / Limiter.THRESHOLD), limiter.reductionDb(), 1.0);
        }
    }

    @Test
    void theSignalIsDelayedOneMillisecond() {
        // the limiter's look-ahead is the station's whole share of line input to output latency (issue 17)
        assertEquals(48, new Limiter(2, 48000).latencyFrames());
        assertEquals(44, new Limiter(1, 44100).latencyFrames());
    }

    @Test
    void lookAheadCatchesASuddenPeakBeforeTheClipHasTo() {
        Limiter limiter = new Limiter(1, RATE);
        float[] x = new float[RATE];
        x[20000] = 10f;
        Arrays.fill(x, 30000, 30100, -6f);
        float[] y = limit(limiter, x, 1, 128);
        assertEquals(Limiter.THRESHOLD, Spectrum.peak(y, 0, y.length), 1e-6);
    }

    @Test
    void theCeilingHoldsWhateverComesIn() {
        Random random = new Random(11);
        for (int channels = 1; channels <= 2; channels++) {
            Limiter limiter = new Limiter(channels, 44100);
            float[] x = new float[44100 * 4 * channels];
            for (int i = 0; i < x.length; i++) {
                int kind = (i / 4410) % 5;
                x[i] = switch (kind) {
                    case 0 -> (float) (random.nextGaussian() * 30);
                    case 1 -> ((i / 37) % 2 == 0 ? 1 : -1) * 50f; // square wave
                    case 2 -> (float) (Math.pow(10, random.nextInt(12) - 6) * (random.nextBoolean() ? 1 : -1));
                    case 3 -> i % 97 == 0 ? Float.MAX_VALUE : 0.1f;
                    default -> i % 13 == 0 ? Float.NaN : i % 17 == 0 ? Float.NEGATIVE_INFINITY : 1.2f;
                };
            }
            float[] y = limit(limiter, x, channels, 1 + random.nextInt(2000));
            for (float v : y) {
                assertTrue(Math.abs(v) <= Limiter.CEILING, "sample " + v);
            }
        }
    }

    @Test
    void releasesOverAboutATenthOfASecond() {
        Limiter limiter = new Limiter(2, RATE);
        limit(limiter, Signals.sine(1000, 3.0, RATE, RATE / 2, 2), 2, 480);
        assertTrue(limiter.reductionDb() > 10);
        limit(limiter, new float[480 * 2], 2, 480); // 10 ms of silence
        float after10ms = limiter.reductionDb();
        limit(limiter, new float[RATE * 2], 2, 480);
        assertTrue(after10ms > 5, "released too fast: " + after10ms + " dB left after 10 ms");
        assertTrue(limiter.reductionDb() < 0.01, "not released after 1 s: " + limiter.reductionDb());
    }

    @Test
    void blockSizeDoesNotMatter() {
        float[] x = Signals.sine(440, 2.5, RATE, RATE, 2);
        assertArrayEquals(limit(new Limiter(2, RATE), x, 2, RATE), limit(new Limiter(2, RATE), x, 2, 1));
    }

    @Test
    void flushesDenormalsToZero() {
        float[] x = new float[4800];
        Arrays.fill(x, Float.MIN_NORMAL / 1024);
        for (float v : limit(new Limiter(1, RATE), x, 1, 480)) {
            assertEquals(0f, v);
        }
    }

    @Test
    void softClipIsTheIdentityBelowTheThresholdAndNeverReachesPastTheCeiling() {
        assertEquals(0.5f, Limiter.softClip(0.5f));
        assertEquals(-Limiter.THRESHOLD, Limiter.softClip(-Limiter.THRESHOLD));
        float previous = Limiter.THRESHOLD;
        for (float x = Limiter.THRESHOLD; x < 100; x *= 1.001f) {
            float y = Limiter.softClip(x);
            assertTrue(y >= previous && y <= Limiter.CEILING);
            previous = y;
        }
        assertEquals(Limiter.CEILING, Limiter.softClip(Float.MAX_VALUE));
        assertEquals(-Limiter.CEILING, Limiter.softClip(-Float.MAX_VALUE));
    }
}
