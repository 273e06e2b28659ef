package vn.communeradio.gateway.hearing;

/**
 * How much of what was heard is what was sent: the magnitude-squared coherence of the two signals in the horn's
 * band (300 Hz - 5 kHz), averaged over frequency weighted by the power sent there. A linear path (a horn's band
 * limit and phase, an attenuator, a delay once aligned) leaves it near 1, noise 20 dB down lowers it by about 1 %,
 * and a programme that is not ours (a neighbour's loudspeaker, the village's noise) scores near 0, whatever its
 * loudness or rhythm: its waveform never follows ours.
 */
final class Coherence {

    static final int FRAME = 4096;

    private final Fft fft = new Fft(FRAME);
    private final double[] window = new double[FRAME];
    private final double[] xr = new double[FRAME];
    private final double[] xi = new double[FRAME];
    private final double[] yr = new double[FRAME];
    private final double[] yi = new double[FRAME];
    private final double[] sxx;
    private final double[] syy;
    private final double[] sxyRe;
    private final double[] sxyIm;
    private final int lowBin;
    private final int highBin;
    private int frames;

    Coherence(int sampleRate) {
        for (int i = 0; i < FRAME; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME); // Hann
        }
        lowBin = (int) Math.ceil(Contour.EDGES[0] * FRAME / sampleRate);
        highBin = Math.min(FRAME / 2 - 1, (int) Math.floor(Contour.EDGES[Contour.BANDS] * FRAME / sampleRate));
        int bins = highBin - lowBin + 1;
        sxx = new double[bins];
        syy = new double[bins];
        sxyRe = new double[bins];
        sxyIm = new double[bins];
    }

    /** Starts a new estimate. */
    void reset() {
        java.util.Arrays.fill(sxx, 0);
        java.util.Arrays.fill(syy, 0);
        java.util.Arrays.fill(sxyRe, 0);
        java.util.Arrays.fill(sxyIm, 0);
        frames = 0;
    }

    /** Adds one frame: {@code sent} from {@code sentAt}, {@code heard} from {@code heardAt}, both rings. */
    void add(float[] sent, int sentAt, float[] heard, int heardAt) {
        for (int i = 0; i < FRAME; i++) {
            xr[i] = sent[(sentAt + i) % sent.length] * window[i];
            yr[i] = heard[(heardAt + i) % heard.length] * window[i];
            xi[i] = 0;
            yi[i] = 0;
        }
        fft.transform(xr, xi);
        fft.transform(yr, yi);
        for (int k = lowBin; k <= highBin; k++) {
            int b = k - lowBin;
            sxx[b] += xr[k] * xr[k] + xi[k] * xi[k];
            syy[b] += yr[k] * yr[k] + yi[k] * yi[k];
            // X conj(Y)
            sxyRe[b] += xr[k] * yr[k] + xi[k] * yi[k];
            sxyIm[b] += xi[k] * yr[k] - xr[k] * yi[k];
        }
        frames++;
    }

    /** The estimate over the frames added since {@link #reset()}; -1 when nothing was sent in the band. */
    double value() {
        double weighted = 0;
        double weights = 0;
        for (int b = 0; b < sxx.length; b++) {
            if (sxx[b] == 0 || syy[b] == 0) {
                weights += sxx[b];
                continue;
            }
            double msc = (sxyRe[b] * sxyRe[b] + sxyIm[b] * sxyIm[b]) / (sxx[b] * syy[b]);
            weighted += sxx[b] * msc;
            weights += sxx[b];
        }
        return frames == 0 || weights == 0 ? -1 : weighted / weights;
    }
}
