package vn.communeradio.gateway.audio;

/** Test signals and the one measurement Spectrum lacks: what is left once a known sine is fitted away. */
final class Signals {

    private Signals() {
    }

    /** {@code frames} interleaved frames of a sine, the same on every channel. */
    static float[] sine(double hz, double amplitude, int rate, int frames, int channels) {
        float[] out = new float[frames * channels];
        for (int f = 0; f < frames; f++) {
            float v = (float) (amplitude * Math.sin(2 * Math.PI * hz * f / rate));
            for (int c = 0; c < channels; c++) {
                out[f * channels + c] = v;
            }
        }
        return out;
    }

    /**
     * Everything in {@code x[from, from + n)} that is not a sine of {@code hz}, in dB relative to that sine: the
     * sine's amplitude and phase are fitted by least squares, so gain and delay do not count, only images,
     * aliases, distortion and noise do.
     */
    static double residualDb(float[] x, int from, int n, double hz, int rate) {
        double w = 2 * Math.PI * hz / rate;
        double ss = 0, cc = 0, sc = 0, xs = 0, xc = 0;
        for (int i = 0; i < n; i++) {
            double s = Math.sin(w * i);
            double c = Math.cos(w * i);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            xs += x[from + i] * s;
            xc += x[from + i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (xs * cc - xc * sc) / det;
        double b = (xc * ss - xs * sc) / det;
        double residual = 0;
        double fitted = 0;
        for (int i = 0; i < n; i++) {
            double model = a * Math.sin(w * i) + b * Math.cos(w * i);
            double e = x[from + i] - model;
            residual += e * e;
            fitted += model * model;
        }
        return 10 * Math.log10(residual / fitted);
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }
}
