package vn.communeradio.gateway.audio;

/**
 * Band-limited sample-rate converter with a slowly adjustable ratio for clock-drift correction.
 *
 * <p>Windowed-sinc (Kaiser) polyphase filter: 256 phases per input sample, linearly interpolated between
 * neighbouring phases, so any ratio works and the ratio can change on every output frame. The output position
 * is a 32.32 fixed-point count of input frames, so the result does not depend on how the input is cut into
 * calls. Not thread-safe except {@link #setDrift}, which any thread may call.
 */
public final class Resampler {

    /** Design stopband attenuation; the 70 dB target leaves room for phase interpolation and float rounding. */
    static final double STOPBAND_DB = 80;
    /** Flat (±0.001 dB by design) up to this fraction of the lower Nyquist frequency. */
    static final double PASSBAND = 0.9;
    static final double MIN_DRIFT = 0.97;
    static final double MAX_DRIFT = 1.03;
    /** Time constant of the glide to a new drift factor: a ratio step would be an audible pitch jump. */
    static final double DRIFT_GLIDE_S = 0.1;

    private static final int PHASE_BITS = 8;
    private static final int PHASES = 1 << PHASE_BITS;
    private static final int FRAC_BITS = 32 - PHASE_BITS;
    private static final int FRAC_MASK = (1 << FRAC_BITS) - 1;
    private static final float FRAC_SCALE = 1f / (1 << FRAC_BITS);
    private static final double ONE = 4294967296.0; // 1.0 in 32.32 fixed point
    /** Input frames copied into the history per pass: bounds the buffer, any call size works. */
    private static final int BLOCK = 1024;
    /** Below this a sample is flushed to zero: denormals cost ~100 cycles each on many FPUs. */
    private static final float TINY = 1e-30f;

    private final int channels;
    private volatile double drift = 1.0;

    private int inRate;
    private int outRate;
    private int taps;
    /** For each phase, for each tap: the coefficient and its difference to the next phase's. */
    private float[] table;
    /** Interleaved input frames; the filter window slides over it. */
    private float[] history;
    private int filled;
    /** Frame index in {@link #history} of the next output's first tap, 32.32 fixed point. */
    private long position;
    private double nominalStep;
    private double step;
    private long increment;
    private double glide;
    /** Until the first output frame, a drift factor applies at once: there is nothing to glide from. */
    private boolean started;

    public Resampler(int channels) {
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("1 or 2 channels: " + channels);
        }
        this.channels = channels;
    }

    /** Designs the filter for these rates (allocates); keeps the stream going if the rates are unchanged. */
    public void configure(int inRate, int outRate) {
        checkRate(inRate);
        checkRate(outRate);
        if (table != null && inRate == this.inRate && outRate == this.outRate) {
            return;
        }
        this.inRate = inRate;
        this.outRate = outRate;
        nominalStep = (double) inRate / outRate;
        glide = 1 - Math.exp(-1 / (DRIFT_GLIDE_S * outRate));
        design();
        history = new float[(taps - 1 + BLOCK) * channels];
        reset();
    }

    /**
     * 1.0 nominal; 1.01 consumes input 1% faster (fewer output frames per input frame). Clamped to
     * [0.97, 1.03]; mid-stream the ratio glides to it (time constant {@value #DRIFT_GLIDE_S} s).
     */
    public void setDrift(double factor) {
        // NaN from a confused controller means nominal: the stream must go on
        drift = Double.isNaN(factor) ? 1.0 : Math.max(MIN_DRIFT, Math.min(MAX_DRIFT, factor));
    }

    /** Output capacity, in frames, that {@link #process} needs for {@code inFrames} input frames. */
    public int maxOutputFrames(int inFrames) {
        requireConfigured();
        return (int) Math.ceil(inFrames / (nominalStep * MIN_DRIFT)) + 3;
    }

    /** Converts interleaved {@code in}, all of it; returns the output frames written to {@code out}. */
    public int process(float[] in, int inFrames, float[] out) {
        requireConfigured();
        if (inFrames < 0 || in.length < inFrames * channels) {
            throw new IllegalArgumentException("input shorter than inFrames");
        }
        if (out.length < maxOutputFrames(inFrames) * channels) {
            throw new IllegalArgumentException("output smaller than maxOutputFrames(inFrames)");
        }
        double target = nominalStep * drift;
        if (!started) {
            setStep(target);
        }
        int capacity = history.length / channels;
        int produced = 0;
        int consumed = 0;
        while (consumed < inFrames) {
            if (filled == capacity) {
                compact();
            }
            int n = Math.min(capacity - filled, inFrames - consumed);
            float[] h = history;
            for (int i = consumed * channels, j = filled * channels, end = (consumed + n) * channels; i < end; ) {
                float v = in[i++];
                h[j++] = Math.abs(v) < TINY ? 0f : v;
            }
            filled += n;
            consumed += n;
            produced = produce(out, produced, target);
        }
        started |= produced > 0;
        return produced;
    }

    /** Forgets the input history and any glide in progress: for a new stream. */
    public void reset() {
        requireConfigured();
        java.util.Arrays.fill(history, 0f);
        // taps - 1 frames of silence before the stream: every input frame then yields output at once
        filled = taps - 1;
        position = 0;
        started = false;
        setStep(nominalStep * drift);
    }

    /** Group delay in output frames: how far the output lags the input, for latency accounting. */
    public int delayFrames() {
        requireConfigured();
        return (int) Math.round(taps / 2.0 / nominalStep);
    }

    /** Filter length in input frames: multiply-adds per output frame and channel, the cost. */
    public int taps() {
        requireConfigured();
        return taps;
    }

    /** Writes every output frame whose filter window lies inside the history; returns the new output count. */
    private int produce(float[] out, int o, double target) {
        final float[] tab = table;
        final float[] x = history;
        final int n = taps;
        final int lastStart = filled - n;
        long p = position;
        while ((int) (p >>> 32) <= lastStart) {
            int frac = (int) p;
            int row = (frac >>> FRAC_BITS) * n * 2;
            float between = (frac & FRAC_MASK) * FRAC_SCALE;
            // two accumulators per channel: independent add chains run in parallel
            if (channels == 2) {
                int xi = (int) (p >>> 32) * 2;
                float l0 = 0, r0 = 0, l1 = 0, r1 = 0;
                for (int k = 0; k < n; k += 2) {
                    int t = row + 2 * k;
                    float c0 = tab[t] + between * tab[t + 1];
                    float c1 = tab[t + 2] + between * tab[t + 3];
                    int s = xi + 2 * k;
                    l0 += c0 * x[s];
                    r0 += c0 * x[s + 1];
                    l1 += c1 * x[s + 2];
                    r1 += c1 * x[s + 3];
                }
                out[2 * o] = l0 + l1;
                out[2 * o + 1] = r0 + r1;
            } else {
                int xi = (int) (p >>> 32);
                float a0 = 0, a1 = 0;
                for (int k = 0; k < n; k += 2) {
                    int t = row + 2 * k;
                    a0 += (tab[t] + between * tab[t + 1]) * x[xi + k];
                    a1 += (tab[t + 2] + between * tab[t + 3]) * x[xi + k + 1];
                }
                out[o] = a0 + a1;
            }
            o++;
            if (step != target) {
                glideTo(target);
            }
            p += increment;
        }
        position = p;
        return o;
    }

    private void glideTo(double target) {
        double next = step + (target - step) * glide;
        setStep(Math.abs(target - next) < 1e-12 ? target : next);
    }

    private void setStep(double s) {
        step = s;
        increment = Math.round(s * ONE);
    }

    /** Moves the frames the filter still needs to the front of the history. */
    private void compact() {
        int base = (int) (position >>> 32);
        System.arraycopy(history, base * channels, history, 0, (filled - base) * channels);
        filled -= base;
        position -= (long) base << 32;
    }

    /** Kaiser-windowed sinc, cutoff between the passband edge and the lowest Nyquist the drift range allows. */
    private void design() {
        double lowNyquist = Math.min(inRate, outRate) / 2.0;
        // images of the input above its Nyquist must go; so must what the output (at the fastest drift) can't hold
        double stopHz = Math.min(inRate, outRate / MAX_DRIFT) / 2.0;
        double passHz = PASSBAND * lowNyquist;
        double pass = passHz / inRate; // cycles per input frame
        double stop = stopHz / inRate;
        double cutoff = (pass + stop) / 2;
        double beta = 0.1102 * (STOPBAND_DB - 8.7);
        int length = (int) Math.ceil((STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * (stop - pass))) + 1;
        taps = (length + 1) & ~1; // even: the inner loops take taps in pairs
        double half = taps / 2.0;
        double i0Beta = besselI0(beta);
        double[][] h = new double[PHASES + 1][taps];
        double sum = 0;
        for (int p = 0; p <= PHASES; p++) {
            for (int k = 0; k < taps; k++) {
                double tau = (double) p / PHASES + half - 1 - k;
                double r = tau / half;
                double window = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
                double x = 2 * cutoff * tau;
                double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
                h[p][k] = 2 * cutoff * sinc * window;
                if (p < PHASES) {
                    sum += h[p][k];
                }
            }
        }
        double norm = PHASES / sum; // unity gain at DC, averaged over phases
        table = new float[PHASES * taps * 2];
        for (int p = 0; p < PHASES; p++) {
            for (int k = 0; k < taps; k++) {
                int t = (p * taps + k) * 2;
                table[t] = (float) (h[p][k] * norm);
                table[t + 1] = (float) ((h[p + 1][k] - h[p][k]) * norm);
            }
        }
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private void requireConfigured() {
        if (table == null) {
            throw new IllegalStateException("configure(inRate, outRate) first");
        }
    }

    private static void checkRate(int rate) {
        if (rate < 8000 || rate > 96000) {
            throw new IllegalArgumentException("rate must be 8000..96000: " + rate);
        }
    }
}
