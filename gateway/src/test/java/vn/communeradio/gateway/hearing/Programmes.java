package vn.communeradio.gateway.hearing;

import java.util.Random;

/** Test programmes and what an acoustic path does to them: generated, so every case is repeatable. */
final class Programmes {

    static final int RATE = 48_000;

    private Programmes() {
    }

    /** Speech-like: noise shaped by a voice's spectral tilt, in syllables of 80-300 ms and pauses. */
    static float[] speech(long seed, double seconds, double rms) {
        Random random = new Random(seed);
        float[] out = new float[(int) (seconds * RATE)];
        double lowState = 0;
        int i = 0;
        while (i < out.length) {
            int syllable = (int) ((0.08 + 0.22 * random.nextDouble()) * RATE);
            double level = random.nextDouble() < 0.25 ? 0 : 0.3 + random.nextDouble();
            double pitch = 100 + 150 * random.nextDouble();
            for (int k = 0; k < syllable && i < out.length; k++, i++) {
                double attack = Math.min(1, Math.min(k, syllable - k) / (0.02 * RATE));
                lowState += 0.2 * (random.nextGaussian() - lowState); // voice energy leans low
                double voiced = Math.signum(Math.sin(2 * Math.PI * pitch * i / RATE)) * 0.3;
                out[i] = (float) (level * attack * (lowState + voiced * 0.5));
            }
        }
        return scaled(out, rms);
    }

    /** Music-like: chords of harmonics changing every 200-600 ms, with a beat of noise bursts. */
    static float[] music(long seed, double seconds, double rms) {
        Random random = new Random(seed);
        float[] out = new float[(int) (seconds * RATE)];
        int i = 0;
        double beat = 0.4 + 0.2 * random.nextDouble();
        while (i < out.length) {
            int note = (int) ((0.2 + 0.4 * random.nextDouble()) * RATE);
            double root = 110 * Math.pow(2, random.nextInt(24) / 12.0);
            double level = 0.3 + random.nextDouble();
            for (int k = 0; k < note && i < out.length; k++, i++) {
                double t = (double) i / RATE;
                double decay = Math.exp(-3.0 * k / RATE);
                double tone = 0;
                for (int h = 1; h <= 6; h++) {
                    tone += Math.sin(2 * Math.PI * root * h * t) / h + 0.5 * Math.sin(2 * Math.PI * root * 1.5 * h * t) / h;
                }
                double drum = (t % beat) < 0.04 ? random.nextGaussian() * 2 : 0;
                out[i] = (float) (level * decay * tone * 0.3 + drum);
            }
        }
        return scaled(out, rms);
    }

    static float[] tone(double hz, double seconds, double rms) {
        float[] out = new float[(int) (seconds * RATE)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (Math.sqrt(2) * rms * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return out;
    }

    /**
     * What a sense microphone hears: {@code programme} through a horn (band-limited to {@code low}-{@code high} Hz
     * by second-order high- and low-pass sections, twice each), {@code delayMs} later, times {@code gain}, plus
     * white noise {@code noiseDb} below the programme's level (or at an absolute level when the gain is 0).
     */
    static float[] heard(float[] programme, double low, double high, int delayMs, double gain, double noiseDb,
                         long seed) {
        double[] x = new double[programme.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = programme[i];
        }
        for (int pass = 0; pass < 2; pass++) {
            biquad(x, low, true);
            biquad(x, high, false);
        }
        int delay = delayMs * RATE / 1000;
        double level = rms(programme) * gain;
        double noise = (gain == 0 ? 1 : level) * Math.pow(10, noiseDb / 20);
        Random random = new Random(seed);
        float[] out = new float[programme.length];
        for (int i = 0; i < out.length; i++) {
            double signal = i >= delay ? x[i - delay] * gain : 0;
            out[i] = (float) (signal + noise * random.nextGaussian());
        }
        return out;
    }

    static double rms(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / x.length);
    }

    private static float[] scaled(float[] x, double rms) {
        double factor = rms / rms(x);
        for (int i = 0; i < x.length; i++) {
            x[i] *= (float) factor;
        }
        return x;
    }

    /** A Butterworth (Q = 0.707) high- or low-pass section at {@code hz}, in place. */
    private static void biquad(double[] x, double hz, boolean highPass) {
        double w0 = 2 * Math.PI * hz / RATE;
        double alpha = Math.sin(w0) / (2 * Math.sqrt(0.5));
        double cos = Math.cos(w0);
        double b0 = highPass ? (1 + cos) / 2 : (1 - cos) / 2;
        double b1 = highPass ? -(1 + cos) : 1 - cos;
        double a0 = 1 + alpha;
        double a1 = -2 * cos;
        double a2 = 1 - alpha;
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double y = (b0 * x[i] + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2) / a0;
            x2 = x1;
            x1 = x[i];
            y2 = y1;
            y1 = y;
            x[i] = y;
        }
    }
}
