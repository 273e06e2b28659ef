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

    /**
     * Fills one period with that period's captured input at hand: what every output calls. A renderer that uses the
     * input overrides this one; the default ignores the input.
     *
     * @param input what the output's input captured for this period, {@code frames} frames a channel, valid
     *              during the call only (an output without input hands an empty one)
     */
    default void render(float[] buffer, int frames, Capture input) {
        render(buffer, frames);
    }

    /**
     * The format the next periods come in: every output calls it before its first period, and again before the
     * periods of another format (a JACK server that came back at another rate), off the real-time thread and while
     * no period runs, so it may allocate. A renderer whose timing depends on the rate re-times itself here.
     */
    default void prepare(OutputFormat format) {
    }

    /** Renders silence. */
    AudioRenderer SILENCE = (buffer, frames) -> java.util.Arrays.fill(buffer, 0f);
}
