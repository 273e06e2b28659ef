package vn.communeradio.gateway.hearing;

/**
 * A second-order band-pass filter (0 dB at its centre), direct form I. Its coefficients are the band-pass of
 * R. Bristow-Johnson's "Audio EQ Cookbook" (constant peak gain), a published formula.
 */
final class BandPass {

    private final float b0;
    private final float a1;
    private final float a2;
    private float x1;
    private float x2;
    private float y1;
    private float y2;

    /** Passes {@code low}..{@code high} Hz (its -3 dB points, about) at {@code sampleRate}. */
    BandPass(double low, double high, int sampleRate) {
        double centre = Math.sqrt(low * high);
        double q = centre / (high - low);
        double w0 = 2 * Math.PI * centre / sampleRate;
        double alpha = Math.sin(w0) / (2 * q);
        double a0 = 1 + alpha;
        b0 = (float) (alpha / a0);
        a1 = (float) (-2 * Math.cos(w0) / a0);
        a2 = (float) ((1 - alpha) / a0);
    }

    /** Filters one sample (b1 = 0 and b2 = -b0 for this band-pass). */
    float next(float x) {
        float y = b0 * (x - x2) - a1 * y1 - a2 * y2;
        x2 = x1;
        x1 = x;
        y2 = y1;
        y1 = Math.abs(y) < 1e-20f ? 0f : y; // no denormals in a filter that rings out into silence
        return y1;
    }
}
