package vn.communeradio.gateway.audio;

/**
 * A sound the mixer can play. {@link #read} runs on the real-time audio thread: it must not allocate, lock,
 * log or block.
 */
public interface Voice {

    /** Writes {@code frames} interleaved frames of {@code channels} channels into {@code buffer}, full scale ±1. */
    void read(float[] buffer, int frames, int channels);
}
