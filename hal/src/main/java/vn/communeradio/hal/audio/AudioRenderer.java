package vn.communeradio.hal.audio;

/**
 * Fills one period of output. Called by the output's own clock on its real-time thread: an implementation must
 * not allocate, lock, log or block.
 */
@FunctionalInterface
public interface AudioRenderer {

    /**
     * @param buffer interleaved samples, {@code frames × channels} of them to fill, full scale ±1.0; the buffer is
     *               preallocated by the output and reused for every call
     * @param frames frames to render in this call (at most the output's period)
     */
    void render(float[] buffer, int frames);

    /** Renders silence. */
    AudioRenderer SILENCE = (buffer, frames) -> java.util.Arrays.fill(buffer, 0f);
}
