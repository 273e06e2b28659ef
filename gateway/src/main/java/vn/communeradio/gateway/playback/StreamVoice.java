package vn.communeradio.gateway.playback;

import java.util.concurrent.atomic.AtomicLong;
import vn.communeradio.gateway.audio.PcmRing;
import vn.communeradio.gateway.audio.RealTimeFailures;
import vn.communeradio.gateway.audio.Voice;

/**
 * The audio callback's end of a stream: a jitter buffer over a lock-free ring. Playback starts when the buffer
 * holds its target; an underrun fades what is left to silence (no click), is counted, and playback resumes by
 * itself once the target is back. An underrun while the connection is up (a late network, not a dropped one)
 * also raises the target by a step, up to a maximum: a network that was late once by more than the buffer will
 * be again, and a little more latency is better than a gap. Only the callback thread calls {@link #read}; it
 * never allocates, locks, logs or blocks. The decoder thread fills the ring and marks the end of the stream.
 */
public final class StreamVoice implements Voice {

    private enum State { BUFFERING, PLAYING, DRAINED }

    private final PcmRing ring;
    private final int channels;
    private volatile int targetSamples;
    private final int maxTargetSamples;
    private final int stepSamples;
    /** Held back while playing so that an underrun always has samples left to fade over (~5 ms). */
    private final int reserveSamples;
    private final float fadeStep;
    private volatile boolean live;
    private volatile boolean delivering;

    /** Written by the callback; read by the decoder thread ({@link #playing}) to steer drift only while playing. */
    private volatile State state = State.BUFFERING;
    private float fade;
    private volatile boolean endOfStream;
    private volatile boolean drained;
    private volatile long underruns;
    /** The station's count of all streams, kept current while this one plays (lock-free, no allocation). */
    private final AtomicLong underrunsTotal;
    private volatile long skippedSamples;
    private volatile long resyncs;
    /** A live stream this far above its target is brought back at once instead of by drift correction. */
    private int highWaterSamples;
    /** After a jump (or a start), no other for a second: a burst still arriving would cause one per period. */
    private final int jumpHoldSamples;
    private int holdLeft;
    private volatile long playedFrames;
    private volatile double driftFactor = 1.0;

    private final int tenthSecondSamples;

    /** A voice whose target never grows. */
    public StreamVoice(PcmRing ring, int channels, int sampleRate, int targetFrames, AtomicLong underrunsTotal) {
        this(ring, channels, sampleRate, targetFrames, targetFrames, 0, underrunsTotal);
    }

    /**
     * @param maxTargetFrames the target grows by {@code stepFrames} after each underrun, up to this
     */
    public StreamVoice(PcmRing ring, int channels, int sampleRate, int targetFrames, int maxTargetFrames,
                       int stepFrames, AtomicLong underrunsTotal) {
        this.ring = ring;
        this.underrunsTotal = underrunsTotal;
        this.channels = channels;
        this.targetSamples = targetFrames * channels;
        this.maxTargetSamples = Math.max(targetFrames, maxTargetFrames) * channels;
        this.stepSamples = stepFrames * channels;
        int fadeFrames = Math.max(1, sampleRate / 200);
        this.reserveSamples = fadeFrames * channels;
        this.fadeStep = 1f / fadeFrames;
        this.tenthSecondSamples = sampleRate / 10 * channels;
        this.highWaterSamples = highWater(targetSamples);
        this.jumpHoldSamples = sampleRate * channels;
        if (ring.capacity() < maxTargetSamples + reserveSamples) {
            throw RealTimeFailures.ringTooSmall(ring.capacity(), maxTargetSamples);
        }
    }

    private int highWater(int target) {
        return target + Math.max(target / 2, tenthSecondSamples);
    }

    @Override
    public void read(float[] buffer, int frames, int outChannels) {
        int need = frames * channels;
        if (state == State.BUFFERING) {
            int available = ring.available();
            boolean end = endOfStream;
            if (available < targetSamples && !(end && available > 0)) {
                silence(buffer, 0, need);
                if (end && available == 0) {
                    finish();
                }
                return;
            }
            if (live && available > targetSamples + need) {
                int excess = available - targetSamples;
                excess -= excess % channels;
                skippedSamples += ring.skip(excess);
            }
            state = State.PLAYING;
            fade = 0f;
            holdLeft = jumpHoldSamples;
        }
        if (state == State.DRAINED) {
            silence(buffer, 0, need);
            return;
        }
        int available = ring.available();
        boolean end = endOfStream;
        if (!end && available < need + reserveSamples) {
            // running dry: play what is left fading to silence, then buffer again
            int got = ring.read(buffer, 0, Math.min(available, need));
            fadeOut(buffer, got);
            silence(buffer, got, need);
            underruns++;
            underrunsTotal.incrementAndGet();
            playedFrames += got / channels;
            state = State.BUFFERING;
            if (delivering && targetSamples < maxTargetSamples) {
                // raised now, while the buffer refills anyway: the deeper buffer costs no second gap
                targetSamples = Math.min(maxTargetSamples, targetSamples + stepSamples);
                highWaterSamples = highWater(targetSamples);
            }
            return;
        }
        if (holdLeft > 0) {
            holdLeft -= need;
        }
        if (live && holdLeft <= 0 && available > highWaterSamples + need) {
            // far behind the sender (a reconnect burst): fade this period out, jump to the target, fade back in
            int got = ring.read(buffer, 0, need);
            fadeOut(buffer, got);
            int excess = ring.available() - targetSamples;
            skippedSamples += ring.skip(excess - excess % channels);
            resyncs++;
            holdLeft = jumpHoldSamples;
            playedFrames += got / channels;
            return;
        }
        int got = ring.read(buffer, 0, need);
        if (fade < 1f) {
            fadeIn(buffer, got);
        }
        silence(buffer, got, need);
        playedFrames += got / channels;
        if (got < need) {
            finish();
        }
    }

    private void finish() {
        state = State.DRAINED;
        drained = true;
    }

    private void fadeIn(float[] buffer, int samples) {
        float f = fade;
        for (int i = 0; i < samples; i += channels) {
            f = Math.min(1f, f + fadeStep);
            for (int c = 0; c < channels; c++) {
                buffer[i + c] *= f;
            }
        }
        fade = f;
    }

    private void fadeOut(float[] buffer, int samples) {
        int frames = samples / channels;
        float start = fade;
        for (int i = 0; i < frames; i++) {
            float f = start * (frames - 1 - i) / Math.max(1, frames);
            for (int c = 0; c < channels; c++) {
                buffer[i * channels + c] *= f;
            }
        }
        fade = 0f;
    }

    private static void silence(float[] buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            buffer[i] = 0f;
        }
    }

    /**
     * Decoder thread: a live stream starts at most the target behind its sender; audio beyond that when playback
     * (re)starts is skipped, so latency stays at the target after a connect burst or a stall. Not so for files.
     */
    public void live(boolean isLive) {
        live = isLive;
    }

    /**
     * Decoder thread: whether a connection is up and has delivered audio. Only an underrun while it is deepens
     * the buffer; one while the source reconnects says nothing about how late the network is.
     */
    public void delivering(boolean isDelivering) {
        delivering = isDelivering;
    }

    /** Whether the stream is played as live (no position to return to). */
    public boolean isLive() {
        return live;
    }

    /** Decoder thread: no more samples will come; playback drains what is buffered, then reports drained. */
    public void endOfStream() {
        endOfStream = true;
    }

    /** True once the stream ended and everything buffered has been played. */
    public boolean drained() {
        return drained;
    }

    public long underruns() {
        return underruns;
    }

    /** Samples a live stream skipped to keep its latency at the target. */
    public long skippedSamples() {
        return skippedSamples;
    }

    /** Times a live stream jumped back to its target after arriving in a burst. */
    public long resyncs() {
        return resyncs;
    }

    /** Decoder thread: the resampler's drift factor now, published for status and tests. */
    void driftFactor(double factor) {
        driftFactor = factor;
    }

    /**
     * How much faster than nominal the source is consumed to hold the buffer at its target (1.01: the sender's
     * clock runs ~1% fast against the output's); 1.0 for files and before a live stream plays.
     */
    public double driftFactor() {
        return driftFactor;
    }

    public long playedFrames() {
        return playedFrames;
    }

    /** Frames taken from the ring (the stream's audio), not the silence filled in while it buffers or ran dry. */
    @Override
    public long programmeFrames() {
        return playedFrames;
    }

    /** Each underrun is a gap: the stream's audio faded to silence until the buffer held its target again. */
    @Override
    public long gaps() {
        return underruns;
    }

    /** Buffered audio in frames, as the decoder thread and status see it. */
    public int bufferedFrames() {
        return ring.available() / channels;
    }

    /** The target now, in frames: it grows after underruns (read by the decoder thread and status). */
    public int targetFrames() {
        return targetSamples / channels;
    }

    public boolean playing() {
        return state == State.PLAYING;
    }
}
