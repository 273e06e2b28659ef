package vn.communeradio.gateway.audio;

/**
 * Output limiter: no source, gain or mix can drive the amplifier past the ceiling; transparent below it.
 *
 * <p>A look-ahead peak limiter (the signal is delayed {@value #LOOKAHEAD_MS} ms while the gain ramps down ahead
 * of a peak; the lowest gain is held {@value #HOLD_MS} ms), releasing over ~{@value #RELEASE_MS} ms, followed by a
 * soft clip that is the identity up to {@link #THRESHOLD} and bends smoothly towards {@link #CEILING} without ever
 * reaching past it. The gain is computed so that the limited signal stays at or below {@link #THRESHOLD}; the clip
 * only catches rounding, which makes the ceiling a hard guarantee. Not thread-safe, except {@link #reductionDb()}.
 */
public final class Limiter {

    public static final float CEILING = 0.891f; // −1 dBFS
    /** Where limiting starts (−1.9 dBFS): anything quieter passes untouched, bit for bit. */
    static final float THRESHOLD = 0.8f;
    /** The signal's delay, and so the output's share of line input to output latency (issue 17: 2 periods + 1 ms). */
    static final double LOOKAHEAD_MS = 1.0;
    /**
     * How long the lowest gain is held before the release starts: half a period of 100 Hz, so that a low tone's gain
     * does not ripple between its peaks (with the hold only as long as the 1 ms ramp, a 4x overdriven 100 Hz sine
     * measured 0.80 % THD; held 5 ms, under 0.01 %). Longer than the look-ahead costs no latency.
     */
    static final double HOLD_MS = 5;
    static final double RELEASE_MS = 150;
    /** Below this a sample is flushed to zero: denormals cost ~100 cycles each on many FPUs. */
    private static final float TINY = 1e-30f;

    private final int channels;
    private final int sampleRate;
    /** Frames of look-ahead: the delay of the signal, also the length of the gain's ramp. */
    private final int delay;
    private final int window;
    /** Frames the sliding minimum spans: at least the window, so that every frame's own requirement is in it. */
    private final int hold;
    private final float[] delayLine;
    private int delayAt;
    private final float release;

    /** Release envelope: follows the required gain down at once, back up exponentially. */
    private float envelope = 1f;
    /** Sliding minimum of the envelope over {@link #hold} frames: a ring of (frame, value), values ascending. */
    private final long[] minFrame;
    private final float[] minValue;
    private int minHead;
    private int minSize;
    private long frame;
    /** Moving average of the held minimum over {@link #window} frames: a linear ramp ahead of each peak. */
    private final float[] averaged;
    private int averagedAt;
    private double averageSum;
    private int belowUnity;
    /** Frames in a row that entered the delay line as silence (capped): once past the delay, only silence is left. */
    private int silentFrames;

    private volatile float lastGain = 1f;

    public Limiter(int channels, int sampleRate) {
        if (channels < 1 || sampleRate < 8000) {
            throw RealTimeFailures.limiterFormat(channels, sampleRate);
        }
        this.channels = channels;
        this.sampleRate = sampleRate;
        delay = (int) Math.round(LOOKAHEAD_MS * sampleRate / 1000);
        window = delay + 1;
        hold = Math.max(window, (int) Math.round(HOLD_MS * sampleRate / 1000));
        delayLine = new float[delay * channels];
        release = (float) (1 - Math.exp(-1000 / (RELEASE_MS * sampleRate)));
        minFrame = new long[hold];
        minValue = new float[hold];
        averaged = new float[window];
        java.util.Arrays.fill(averaged, 1f);
        averageSum = window;
    }

    /**
     * True when silence in gives silence out with nothing to update: the delay line holds only silence, the gain
     * is back at unity, and the last block reported no reduction (a block whose start was still reduced would
     * leave {@link #reductionDb()} stale). An idle output then skips the limiter (most of an idle station's audio
     * CPU); when sound comes back, {@link #process} carries on exactly as if it had run on the skipped silence.
     */
    public boolean settled() {
        return silentFrames >= delay && belowUnity == 0 && envelope == 1f && lastGain == 1f;
    }

    /** The rate its timings are in frames of. */
    public int sampleRate() {
        return sampleRate;
    }

    /** Frames by which the output lags the input. */
    public int latencyFrames() {
        return delay;
    }

    /** Limits {@code frames} interleaved frames in place. */
    public void process(float[] buffer, int frames) {
        if (frames < 0 || buffer.length < frames * channels) {
            throw RealTimeFailures.shortBuffer(buffer.length, frames, channels);
        }
        if (frames == 0) {
            return;
        }
        float lowest = 1f;
        for (int f = 0; f < frames; f++) {
            int at = f * channels;
            float peak = 0f;
            for (int c = 0; c < channels; c++) {
                float v = buffer[at + c];
                if (!(Math.abs(v) >= TINY)) { // also NaN
                    v = 0f;
                } else if (v == Float.POSITIVE_INFINITY || v == Float.NEGATIVE_INFINITY) {
                    v = Math.copySign(CEILING, v);
                }
                buffer[at + c] = v;
                peak = Math.max(peak, Math.abs(v));
            }
            silentFrames = peak == 0f ? Math.min(silentFrames + 1, window) : 0;
            float gain = gainFor(peak > THRESHOLD ? THRESHOLD / peak : 1f);
            lowest = Math.min(lowest, gain);
            // swap the frame with the one look-ahead ago, scaled by the gain computed for it
            int d = delayAt * channels;
            for (int c = 0; c < channels; c++) {
                float out = delayLine[d + c];
                delayLine[d + c] = buffer[at + c];
                buffer[at + c] = softClip(out * gain);
            }
            if (++delayAt == delay) {
                delayAt = 0;
            }
        }
        lastGain = lowest;
    }

    /** Current gain reduction in dB (>= 0): the deepest of the last processed block. */
    public float reductionDb() {
        float gain = lastGain;
        return gain >= 1f ? 0f : (float) (-20 * Math.log10(gain));
    }

    /**
     * The gain for the frame leaving the delay line, given the gain the frame entering it needs. The held minimum
     * spans at least the window and the average covers the window, so every average that scales a frame includes that
     * frame's own requirement: the gain never exceeds what any frame needs.
     */
    private float gainFor(float required) {
        float env = envelope;
        if (required < env) {
            env = required;
        } else {
            // in float the last steps round away to nothing, and the envelope would hang just below unity for ever
            // (at 0.99979 after a peak: nothing passed bit for bit again); where a step cannot move it, it arrives
            // (the last 0.002 dB)
            float next = env + (required - env) * release;
            env = next == env ? required : next;
        }
        envelope = env;
        long now = frame++;
        // sliding minimum: drop the expired value from the front (at most one per frame), larger ones from the back
        if (minSize > 0 && minFrame[minHead] <= now - hold) {
            minHead = minHead + 1 == hold ? 0 : minHead + 1;
            minSize--;
        }
        while (minSize > 0 && minValue[(minHead + minSize - 1) % hold] >= env) {
            minSize--;
        }
        int back = (minHead + minSize) % hold;
        minFrame[back] = now;
        minValue[back] = env;
        minSize++;
        float held = minValue[minHead];
        float old = averaged[averagedAt];
        averaged[averagedAt] = held;
        if (++averagedAt == window) {
            averagedAt = 0;
        }
        belowUnity += (held < 1f ? 1 : 0) - (old < 1f ? 1 : 0);
        if (belowUnity == 0) {
            averageSum = window; // exact unity again, whatever rounding the running sum gathered
            return 1f;
        }
        averageSum += held - old;
        return (float) Math.min(1.0, averageSum / window);
    }

    /** Identity up to THRESHOLD, then a tanh bend from THRESHOLD towards CEILING with matching slope. */
    static float softClip(float x) {
        float a = Math.abs(x);
        if (a <= THRESHOLD) {
            return x;
        }
        double room = CEILING - THRESHOLD;
        double bent = THRESHOLD + room * Math.tanh((a - THRESHOLD) / room);
        // rounding to float can only land on CEILING, never above it; min() states the guarantee plainly
        return Math.copySign(Math.min((float) bent, CEILING), x);
    }
}
