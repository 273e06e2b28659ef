package vn.communeradio.gateway.audio;

import vn.communeradio.hal.audio.Capture;

/**
 * A sound the mixer can play. {@link #read} runs on the real-time audio thread: it must not allocate, lock,
 * log or block.
 */
public interface Voice {

    /** Writes {@code frames} interleaved frames of {@code channels} channels into {@code buffer}, full scale ±1. */
    void read(float[] buffer, int frames, int channels);

    /**
     * As {@link #read(float[], int, int)}, with the input the output captured in this period at hand (valid during
     * the call only; null when the output was called without one). Only a voice that plays the input uses it.
     */
    default void read(float[] buffer, int frames, int channels, Capture input) {
        read(buffer, frames, channels);
    }

    /**
     * Frames of programme written so far: what the voice's source gave (a tone's samples, a stream's decoded audio),
     * not the silence it fills in while it has none (buffering, drained). Written by {@link #read}, read on any
     * thread: the control loop learns from it that a session's audio reached the output, and how much of it did.
     */
    long programmeFrames();

    /**
     * Gaps so far: times the programme ran dry after it had begun, heard as silence until it came back (if it did);
     * any thread.
     */
    default long gaps() {
        return 0;
    }
}
