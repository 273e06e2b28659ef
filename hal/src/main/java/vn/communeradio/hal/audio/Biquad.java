package vn.communeradio.hal.audio;

/**
 * A second-order Butterworth (Q = 1/√2) high- or low-pass section, direct form I in doubles. Its coefficients are
 * the high- and low-pass of R. Bristow-Johnson's "Audio EQ Cookbook", a published formula. Holds no string
 * constant: the audio callback runs it.
 */
final class Biquad {

    private static final double Q = Math.sqrt(0.5);
    /** Below this a state is flushed to 0: a filter ringing out into silence must not crawl through denormals. */
    private static final double TINY = 1e-25;

    private final double b0;
    private final double b1;
    private final double b2;
    private final double a1;
    private final double a2;
    private double x1;
    private double x2;
    private double y1;
    private double y2;

    private Biquad(double b0, double b1, double b2, double a0, double a1, double a2) {
        this.b0 = b0 / a0;
        this.b1 = b1 / a0;
        this.b2 = b2 / a0;
        this.a1 = a1 / a0;
        this.a2 = a2 / a0;
    }

    static Biquad highPass(double hz, int sampleRate) {
        double w0 = 2 * Math.PI * hz / sampleRate;
        double cos = Math.cos(w0);
        double alpha = Math.sin(w0) / (2 * Q);
        return new Biquad((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    static Biquad lowPass(double hz, int sampleRate) {
        double w0 = 2 * Math.PI * hz / sampleRate;
        double cos = Math.cos(w0);
        double alpha = Math.sin(w0) / (2 * Q);
        return new Biquad((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    double next(double x) {
        double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
        x2 = x1;
        x1 = x;
        y2 = y1;
        y1 = Math.abs(y) < TINY ? 0 : y;
        return y1;
    }
}
