package vn.communeradio.gateway.audio;

import vn.communeradio.hal.audio.Capture;

/**
 * The audio callback's copy of what it sent and what the sense input heard, frame by frame, for the hearing thread
 * (proof of broadcast): a preallocated lock-free ring of (sent, heard) pairs, sent being the mean of the output
 * channels after the limiter. The callback never waits for the reader: a period that does not fit is dropped
 * whole and counted, so sent and heard stay paired whatever is lost.
 */
public final class SenseTap {

    /** Pairs copied per ring write: the period is handed over in pieces of this size. */
    private static final int PIECE_FRAMES = 1024;

    private final PcmRing ring;
    private final float[] pairs = new float[2 * PIECE_FRAMES];
    private volatile long droppedFrames;

    /** @param capacityFrames how much the ring holds: the longest the reader may fall behind */
    public SenseTap(int capacityFrames) {
        ring = new PcmRing(2 * capacityFrames);
    }

    /** Callback only: copies {@code frames} of what {@code buffer} sends ({@code channels} interleaved) and heard. */
    void copy(float[] buffer, int frames, int channels, Capture input) {
        if (ring.space() < 2 * frames) {
            droppedFrames += frames; // one writer: no lost update
            return;
        }
        float[] sense = input.sense();
        float scale = 1f / channels;
        for (int done = 0; done < frames; done += PIECE_FRAMES) {
            int n = Math.min(PIECE_FRAMES, frames - done);
            for (int f = 0; f < n; f++) {
                int at = (done + f) * channels;
                float sum = 0f;
                for (int c = 0; c < channels; c++) {
                    sum += buffer[at + c];
                }
                pairs[2 * f] = sum * scale;
                pairs[2 * f + 1] = sense[done + f];
            }
            ring.write(pairs, 0, 2 * n);
        }
    }

    /**
     * Reader only (one thread at a time): moves up to {@code sent.length} frames out of the ring into {@code sent}
     * and {@code heard}, through {@code scratch} (twice as long); returns how many.
     */
    public int drain(float[] sent, float[] heard, float[] scratch) {
        int samples = ring.read(scratch, 0, Math.min(2 * sent.length, scratch.length) & ~1);
        int frames = samples / 2;
        for (int f = 0; f < frames; f++) {
            sent[f] = scratch[2 * f];
            heard[f] = scratch[2 * f + 1];
        }
        return frames;
    }

    /** Frames the callback dropped because the reader was behind (the ring full), since start; any thread. */
    public long droppedFrames() {
        return droppedFrames;
    }
}
