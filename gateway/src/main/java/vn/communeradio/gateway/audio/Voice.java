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
}
