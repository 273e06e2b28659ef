package vn.communeradio.gateway.hearing;

/**
 * Compares what a session sent to the output with what the sense input heard, and says whether it was heard.
 *
 * <p>Two measures, each for what it does best. The <em>delay</em> (0-{@value #MAX_DELAY_HOPS}0 ms) comes from
 * the loudness contours ({@link Contour}): for each delay, the correlation of the heard contour with the sent
 * one that much earlier, per band, over the whole session; the delay is where it peaks. Contours are cheap and
 * survive a horn, but two programmes with the same beat correlate too, so they do not judge. The <em>match</em>
 * is the coherence of the two waveforms aligned for that delay ({@link Coherence}), every
 * {@value #STEP_HOPS}0 ms and averaged over the session: near 1 for the programme through a linear path with
 * noise well below it, near 0 for anything else, a neighbour's loudspeaker or the village's noise. A steady
 * programme (a tone) has no contour to follow: its delay is not reported, and its coherence needs none.
 *
 * <p>Fed on the hearing thread, never in the audio callback. Allocates only when built (about 1 MB at 48 kHz).
 */
public final class ProgrammeMatch {

    static final int MAX_DELAY_HOPS = 60;
    static final int STEP_HOPS = 200;
    /** A sent contour whose variation (coefficient of variation, squared) stays under this is steady. */
    private static final double STEADY = 0.01;
    /** Hops quieter than this (mean square, about -60 dBFS) are silence in the programme. */
    private static final double SILENT = 1e-6;
    /** Fewer coherence frames than this say nothing (with one frame, coherence is 1 whatever was heard). */
    private static final int MIN_FRAMES = 8;

    private final HearingSettings settings;
    private final int hop;
    private final Contour sentContour;
    private final Contour heardContour;
    private final double[] sentBands = new double[Contour.BANDS];
    private final double[] heardBands = new double[Contour.BANDS];
    /** The sent contour's last MAX_DELAY_HOPS + 1 hops, [band][hop % (MAX_DELAY_HOPS + 1)], compressed. */
    private final double[][] sentHistory = new double[Contour.BANDS][MAX_DELAY_HOPS + 1];
    /** Per band and delay: sums of x, x², y, y², xy over the session (x the sent contour delayed, y the heard). */
    private final double[][][] sums = new double[Contour.BANDS][MAX_DELAY_HOPS + 1][5];
    private final double[] sentSum = new double[Contour.BANDS];
    private final double[] sentSquares = new double[Contour.BANDS];
    private final double[] correlation = new double[MAX_DELAY_HOPS + 1];
    private final Coherence coherence;
    private final float[] sentAudio;
    private final float[] heardAudio;
    private long samples;
    private long evaluatedTo;
    private long hops;
    private long firstActiveHop = -1;
    private double matchSum;
    private int matchSteps;
    private double heardPower;
    private long heardHops;

    public ProgrammeMatch(int sampleRate, HearingSettings settings) {
        this.settings = settings;
        this.hop = sampleRate * Contour.HOP_MS / 1000;
        this.sentContour = new Contour(sampleRate);
        this.heardContour = new Contour(sampleRate);
        this.coherence = new Coherence(sampleRate);
        int ring = (STEP_HOPS + MAX_DELAY_HOPS + 1) * hop + Coherence.FRAME;
        this.sentAudio = new float[ring];
        this.heardAudio = new float[ring];
    }

    /** Adds {@code frames} samples of what was sent and of what was heard at the same instants. */
    public void feed(float[] sentSamples, float[] heardSamples, int frames) {
        for (int i = 0; i < frames; i++) {
            int at = (int) (samples % sentAudio.length);
            sentAudio[at] = sentSamples[i];
            heardAudio[at] = heardSamples[i];
            samples++;
            boolean sentHop = sentContour.add(sentSamples[i], sentBands);
            boolean heardHop = heardContour.add(heardSamples[i], heardBands);
            if (sentHop && heardHop) {
                hop();
            }
        }
    }

    /** The figures so far (at the end of a session: its figures). */
    public Heard result() {
        evaluate(); // what came since the last step
        double levelDb = heardHops == 0 ? -120 : 10 * Math.log10(Math.max(heardPower / heardHops, 1e-12));
        if (firstActiveHop < 0 || matchSteps == 0) {
            return new Heard(false, levelDb, 0, null); // nothing sent, or too little to judge
        }
        double match = matchSum / matchSteps;
        // the delay of something that does not match what was sent would be the peak of noise: not claimed
        Integer delayMs = steady() || match < settings.minMatch() ? null
                : (Integer) (int) Math.round(delayHops() * Contour.HOP_MS);
        boolean ok = levelDb >= settings.minLevelDb() && match >= settings.minMatch();
        return new Heard(ok, levelDb, match, delayMs);
    }

    private void hop() {
        boolean active = sentContour.power() >= SILENT;
        if (active && firstActiveHop < 0) {
            firstActiveHop = hops;
        }
        if (firstActiveHop >= 0) {
            heardPower += heardContour.power();
            heardHops++;
        }
        int at = (int) (hops % (MAX_DELAY_HOPS + 1));
        for (int b = 0; b < Contour.BANDS; b++) {
            double x = Math.cbrt(sentBands[b]); // loudness grows as the cube root of power
            double y = Math.cbrt(heardBands[b]);
            sentHistory[b][at] = x;
            sentSum[b] += x;
            sentSquares[b] += x * x;
            for (int lag = 0; lag <= MAX_DELAY_HOPS && lag <= hops; lag++) {
                double delayed = sentHistory[b][(int) ((hops - lag) % (MAX_DELAY_HOPS + 1))];
                double[] s = sums[b][lag];
                s[0] += delayed;
                s[1] += delayed * delayed;
                s[2] += y;
                s[3] += y * y;
                s[4] += delayed * y;
            }
        }
        hops++;
        if (hops % STEP_HOPS == 0) {
            evaluate();
        }
    }

    /** The coherence of what came since the last evaluation, at the delay found so far. */
    private void evaluate() {
        long lag = steady() ? 0 : Math.round(delayHops() * hop);
        long firstSample = Math.max(evaluatedTo, lag);
        long from = Math.max(firstSample, samples - (sentAudio.length - lag - Coherence.FRAME));
        if (firstActiveHop < 0 || samples - from < (long) Coherence.FRAME * (MIN_FRAMES + 1) / 2) {
            return;
        }
        coherence.reset();
        for (long start = from; start + Coherence.FRAME <= samples; start += Coherence.FRAME / 2) {
            coherence.add(sentAudio, (int) ((start - lag) % sentAudio.length), heardAudio,
                    (int) (start % heardAudio.length));
        }
        evaluatedTo = samples;
        double value = coherence.value();
        if (value >= 0) {
            matchSum += value;
            matchSteps++;
        }
    }

    /** Whether the sent contour barely moved over the session (a tone): then no delay can be read from it. */
    private boolean steady() {
        double variation = 0;
        double square = 0;
        for (int b = 0; b < Contour.BANDS; b++) {
            double mean = sentSum[b] / Math.max(1, hops);
            variation += sentSquares[b] / Math.max(1, hops) - mean * mean;
            square += mean * mean;
        }
        return square == 0 || variation / square < STEADY;
    }

    /** The delay in hops (fractional: the peak refined by a parabola) where the contours correlate best. */
    private double delayHops() {
        int best = 0;
        for (int lag = 0; lag <= MAX_DELAY_HOPS; lag++) {
            correlation[lag] = 0;
            for (int b = 0; b < Contour.BANDS; b++) {
                double[] s = sums[b][lag];
                double n = hops - lag;
                if (n < 2) {
                    continue;
                }
                double cov = s[4] - s[0] * s[2] / n;
                double vx = s[1] - s[0] * s[0] / n;
                double vy = s[3] - s[2] * s[2] / n;
                if (vx > 0 && vy > 0) {
                    correlation[lag] += cov / Math.sqrt(vx * vy);
                }
            }
            if (correlation[lag] > correlation[best]) {
                best = lag;
            }
        }
        if (best == 0 || best == MAX_DELAY_HOPS) {
            return best;
        }
        double left = correlation[best - 1];
        double right = correlation[best + 1];
        double curvature = left - 2 * correlation[best] + right;
        return curvature >= 0 ? best : best + 0.5 * (left - right) / curvature;
    }
}
