package vn.communeradio.gateway.audio;

import java.util.Arrays;
import vn.communeradio.hal.audio.AudioRenderer;
import vn.communeradio.hal.audio.Capture;
import vn.communeradio.hal.audio.OutputFormat;

/**
 * What the output callback plays: one voice at a gain that moves by ramps, never by steps, so that starting,
 * stopping and volume changes never click, then the limiter, so that nothing overdrives the amplifier. The
 * control loop sets the voice and the target gain; the callback reads them (volatile fields: no locks on the
 * real-time thread) and times itself.
 */
public final class Mixer implements AudioRenderer {

    /** Gain change per frame: a full-scale fade takes ~10 ms at 48 kHz, short but click-free. */
    static final float RAMP_PER_FRAME = 1f / 480f;

    private final int channels;
    /** Re-timed by {@link #prepare} while no period runs; volatile for the output's next thread. */
    private volatile Limiter limiter;
    private final CallbackTimer timer = new CallbackTimer();
    /** Where what was sent and what the sense input heard go, for proof of broadcast; null without a sense input. */
    private final SenseTap tap;
    private volatile Voice voice;
    private volatile float targetGain;
    private float gain;

    public Mixer(int channels, int sampleRate) {
        this(channels, sampleRate, null);
    }

    /**
     * @param sampleRate the rate the limiter is timed for until the output says its own ({@link #prepare})
     * @param tap        where each period's output and sense input are copied (null: none)
     */
    public Mixer(int channels, int sampleRate, SenseTap tap) {
        this.channels = channels;
        this.limiter = new Limiter(channels, sampleRate);
        this.tap = tap;
    }

    /** Starts a voice faded in from silence to {@code gain} (0..1). */
    public void play(Voice next, float gainTarget) {
        voice = next;
        targetGain = gainTarget;
    }

    public int channels() {
        return channels;
    }

    public void setGain(float gainTarget) {
        targetGain = gainTarget;
    }

    /** Fades to silence; the voice keeps running silently until replaced or {@link #clear()}ed. */
    public void fadeOut() {
        targetGain = 0f;
    }

    public void clear() {
        voice = null;
        targetGain = 0f;
    }

    /** Durations of the callbacks so far. */
    public CallbackTimer timer() {
        return timer;
    }

    /** The limiter's look-ahead and hold are in frames: at another rate than assumed they are another length. */
    @Override
    public void prepare(OutputFormat format) {
        if (format.sampleRate() != limiter.sampleRate()) {
            limiter = new Limiter(channels, format.sampleRate());
        }
    }

    /** Frames by which what is played lags what the voice gave: the limiter's look-ahead. */
    public int latencyFrames() {
        return limiter.latencyFrames();
    }

    /** Gain reduction the limiter applies now, dB (0 when the signal is below its ceiling). */
    public float limiterReductionDb() {
        return limiter.reductionDb();
    }

    @Override
    public void render(float[] buffer, int frames) {
        render(buffer, frames, null);
    }

    /** The output's call: the period's capture goes to the voice (a live line input plays it). */
    @Override
    public void render(float[] buffer, int frames, Capture input) {
        long start = System.nanoTime();
        Limiter l = limiter;
        if (mix(buffer, frames, input) || !l.settled()) {
            l.process(buffer, frames);
        }
        if (tap != null && input != null) {
            tap.copy(buffer, frames, channels, input); // after the limiter: what the amplifier gets
        }
        timer.record(System.nanoTime() - start);
    }

    /** Mixes into {@code buffer}; false when there was no voice, so it holds silence. */
    private boolean mix(float[] buffer, int frames, Capture input) {
        Voice v = voice;
        int samples = frames * channels;
        if (v == null) {
            gain = 0f;
            Arrays.fill(buffer, 0, samples, 0f);
            return false;
        }
        v.read(buffer, frames, channels, input);
        float target = targetGain;
        float g = gain;
        for (int f = 0; f < frames; f++) {
            if (g < target) {
                g = Math.min(target, g + RAMP_PER_FRAME);
            } else if (g > target) {
                g = Math.max(target, g - RAMP_PER_FRAME);
            }
            for (int c = 0; c < channels; c++) {
                buffer[f * channels + c] *= g;
            }
        }
        gain = g;
        return true;
    }
}
