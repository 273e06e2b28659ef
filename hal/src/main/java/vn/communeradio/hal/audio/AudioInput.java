package vn.communeradio.hal.audio;

/**
 * An input that an output reads in its own period loop, on its render thread, so that input and output share one
 * clock and one call: Java Sound's capture line, the simulated acoustic path. JACK's capture ports belong to the
 * output's client: {@link JackAudioOutput} has them itself.
 *
 * <p>{@link #read} and {@link #played} run on the render thread: they must not allocate, lock, log or block.
 */
public interface AudioInput {

    /** The channels it captures and which are the line and sense inputs. */
    CaptureLayout layout();

    /** Opens the device for the output's format, on the caller's thread before the first period. */
    void open(OutputFormat format) throws AudioOutputException;

    /**
     * Fills channels 1..{@code layout().channels()} of {@code into} with this period's {@code frames} frames, before
     * the renderer is called (the output has set {@code into.frames()}).
     *
     * @return false when the device had nothing in time (or too much) and the period was made up (silence, or
     *         frames dropped): the output counts it as an xrun
     */
    boolean read(Capture into, int frames);

    /** What the output plays this period ({@code frames × channels} interleaved), once the renderer has filled it. */
    void played(float[] buffer, int frames, int channels);

    /** Releases the device, after the render thread has stopped. Safe to call more than once. */
    void close();

    /** For the output's description, e.g. {@code sim (line 1, sense 2 of 2 channels)}. */
    String description();

    /** No input: the renderer gets an empty capture. */
    AudioInput NONE = new AudioInput() {
        @Override
        public CaptureLayout layout() {
            return CaptureLayout.NONE;
        }

        @Override
        public void open(OutputFormat format) {
        }

        @Override
        public boolean read(Capture into, int frames) {
            return true;
        }

        @Override
        public void played(float[] buffer, int frames, int channels) {
        }

        @Override
        public void close() {
        }

        @Override
        public String description() {
            return CaptureLayout.NONE.describe(); // no string constant in a class the callback runs
        }
    };
}
