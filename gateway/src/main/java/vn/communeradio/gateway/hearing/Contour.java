package vn.communeradio.gateway.hearing;

/**
 * A signal's loudness contour: its power in a few bands of the horn's range, every {@link #HOP_MS} ms. Contours
 * survive what an acoustic path does to a waveform (a horn's band limit and phase, an echo, a converter's
 * resampling) well enough to be compared, and are a hundred numbers a second instead of forty-eight thousand.
 */
final class Contour {

    static final int BANDS = 12;
    /** Band edges, Hz: log-spaced over 300 Hz - 5 kHz, what a loudspeaker horn passes. */
    static final double[] EDGES = edges(300, 5000, BANDS);
    static final int HOP_MS = 10;

    private final BandPass[] filters = new BandPass[BANDS];
    private final double[] energy = new double[BANDS];
    private final int hop;
    private int inHop;
    private double broadband;
    private double lastPower;

    Contour(int sampleRate) {
        for (int b = 0; b < BANDS; b++) {
            filters[b] = new BandPass(EDGES[b], EDGES[b + 1], sampleRate);
        }
        hop = sampleRate * HOP_MS / 1000;
    }

    /**
     * Adds one sample; true when it completed a hop, whose band powers are then in {@code bands} (mean square per
     * band) and whose broadband mean square is returned by {@link #power()}.
     */
    boolean add(float sample, double[] bands) {
        broadband += (double) sample * sample;
        for (int b = 0; b < BANDS; b++) {
            float y = filters[b].next(sample);
            energy[b] += (double) y * y;
        }
        if (++inHop < hop) {
            return false;
        }
        for (int b = 0; b < BANDS; b++) {
            bands[b] = energy[b] / hop;
            energy[b] = 0;
        }
        lastPower = broadband / hop;
        broadband = 0;
        inHop = 0;
        return true;
    }

    private static double[] edges(double low, double high, int bands) {
        double[] edges = new double[bands + 1];
        for (int b = 0; b <= bands; b++) {
            edges[b] = low * Math.pow(high / low, (double) b / bands);
        }
        return edges;
    }

    /** Broadband mean square of the last completed hop. */
    double power() {
        return lastPower;
    }
}
