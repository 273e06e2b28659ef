package vn.communeradio.gateway.audio;

/**
 * The zone self-test's signal: bursts of white noise 60-250 ms long with gaps of 20-150 ms, at -20 dBFS RMS while
 * sounding, the same on every channel. Noise covers a horn's whole band at once (a sweep would leave one
 * frequency at a time to a resonance or a dead driver), and bursts of random length give its loudness a contour
 * with one alignment only, so the sense input's delay is found as for a programme. Its generator is seeded: every
 * run plays the same signal.
 */
public final class BurstVoice implements Voice {

    /** Peak of the uniform noise: RMS is peak / sqrt(3), -20 dBFS. */
    static final float PEAK = (float) (0.1 * Math.sqrt(3));

    private final int sampleRate;
    private long state = 0x9E3779B97F4A7C15L;
    /** Frames left in the burst (positive) or the gap (negative) under way. */
    private int left;
    private boolean sounding;
    /** Written by the callback only (one writer), read by the control loop. */
    private volatile long programmeFrames;

    public BurstVoice(int sampleRate) {
        this.sampleRate = sampleRate;
    }

    @Override
    public void read(float[] buffer, int frames, int channels) {
        for (int f = 0; f < frames; f++) {
            if (left <= 0) {
                sounding = !sounding;
                int ms = sounding ? 60 + (int) (next() * 190) : 20 + (int) (next() * 130);
                left = sampleRate * ms / 1000;
            }
            left--;
            float s = sounding ? (float) (PEAK * (2 * next() - 1)) : 0f;
            for (int c = 0; c < channels; c++) {
                buffer[f * channels + c] = s;
            }
        }
        programmeFrames += frames;
    }

    /** Uniform in [0, 1): xorshift64*, no allocation. */
    private double next() {
        state ^= state >>> 12;
        state ^= state << 25;
        state ^= state >>> 27;
        return ((state * 0x2545F4914F6CDD1DL) >>> 11) * 0x1.0p-53;
    }

    @Override
    public long programmeFrames() {
        return programmeFrames;
    }
}
