package vn.communeradio.hal.audio;

/**
 * Measurements on PCM for tests: the level of one frequency (Goertzel), RMS, peak, the strongest frequency, and
 * where sound starts and stops. Works on one channel of interleaved float samples.
 */
public final class Spectrum {

    private Spectrum() {
    }

    /** One channel of {@code frames} frames from {@code interleaved} with {@code channels} channels. */
    public static float[] channel(float[] interleaved, int channels, int channel) {
        float[] out = new float[interleaved.length / channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = interleaved[i * channels + channel];
        }
        return out;
    }

    /** One channel of a 16-bit WAV file as floats. */
    public static float[] channel(WavFile wav, int channel) {
        float[] out = new float[(int) wav.frames()];
        for (int i = 0; i < out.length; i++) {
            out[i] = wav.sample(i, channel);
        }
        return out;
    }

    /**
     * Amplitude (peak of the sine, full scale 1.0) of {@code hz} in {@code x[from, from + n)}: Goertzel with a
     * Hann window, so a 0.5-amplitude sine reads ~0.5.
     */
    public static double amplitude(float[] x, int from, int n, double hz, int sampleRate) {
        double w = 2 * Math.PI * hz / sampleRate;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        double windowSum = 0;
        for (int i = 0; i < n; i++) {
            double window = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            windowSum += window;
            double s0 = x[from + i] * window + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2 * Math.sqrt(Math.max(0, power)) / windowSum;
    }

    public static double rms(float[] x, int from, int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            sum += (double) x[i] * x[i];
        }
        return Math.sqrt(sum / n);
    }

    public static double peak(float[] x, int from, int n) {
        double peak = 0;
        for (int i = from; i < from + n; i++) {
            peak = Math.max(peak, Math.abs(x[i]));
        }
        return peak;
    }

    /** The strongest frequency in {@code [lowHz, highHz]} to 1 Hz, by scanning Goertzel amplitudes. */
    public static double strongest(float[] x, int from, int n, int sampleRate, double lowHz, double highHz) {
        double best = lowHz;
        double bestAmp = -1;
        for (double hz = lowHz; hz <= highHz; hz += 5) {
            double a = amplitude(x, from, n, hz, sampleRate);
            if (a > bestAmp) {
                bestAmp = a;
                best = hz;
            }
        }
        for (double hz = best - 5; hz <= best + 5; hz += 0.5) {
            double a = amplitude(x, from, n, hz, sampleRate);
            if (a > bestAmp) {
                bestAmp = a;
                best = hz;
            }
        }
        return best;
    }

    /** First sample index whose magnitude exceeds {@code threshold}, or -1. */
    public static int firstAbove(float[] x, double threshold) {
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i]) > threshold) {
                return i;
            }
        }
        return -1;
    }

    /** Last sample index whose magnitude exceeds {@code threshold}, or -1. */
    public static int lastAbove(float[] x, double threshold) {
        for (int i = x.length - 1; i >= 0; i--) {
            if (Math.abs(x[i]) > threshold) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Largest sample-to-sample jump in {@code x[from, from + n)}: a sine of amplitude a at f Hz never jumps more
     * than 2πfa/rate, so a bigger jump is a click.
     */
    public static double largestStep(float[] x, int from, int n) {
        double step = 0;
        for (int i = from + 1; i < from + n; i++) {
            step = Math.max(step, Math.abs(x[i] - x[i - 1]));
        }
        return step;
    }
}
