package vn.communeradio.hal.audio;

/**
 * A sound output that owns the clock: once started it calls its {@link AudioRenderer} once per period from its
 * own real-time thread with a preallocated buffer, and with what its input captured for that period (JACK's
 * capture ports, an {@link AudioInput} read in the same loop, or nothing). Implementations: JACK, Java Sound, WAV
 * file, null.
 */
public interface AudioOutput extends AutoCloseable {

    /** Opens the device and starts rendering. Called once. */
    void start(AudioRenderer renderer) throws AudioOutputException;

    /** The format the renderer is called with; valid once started. */
    OutputFormat format();

    AudioOutputStats stats();

    /** The input channels handed to the renderer with each period ({@link CaptureLayout#NONE} without input). */
    CaptureLayout capture();

    /**
     * Whether something feeds input channel {@code channel} (1-based) now. A JACK capture port connected to no
     * port reads silence, which is not what its microphone hears; an input that cannot be left unconnected in
     * software (a sound card's line, a simulation) always is. Any thread; not the audio callback's business.
     */
    default boolean inputConnected(int channel) {
        return true;
    }

    /** What a technician connects input channel {@code channel} (1-based) by, for messages: a JACK port's name. */
    default String inputName(int channel) {
        return "input channel " + channel;
    }

    /**
     * The port configured to feed input channel {@code channel} (1-based), which the output connects whenever it is
     * there, for messages; null where the configuration names none.
     */
    default String inputSource(int channel) {
        return null;
    }

    /** Short description for logs and the console, e.g. {@code jack (server 'default', 48000 Hz, 256 frames)}. */
    String description();

    /** Stops rendering and releases the device. Safe to call more than once. */
    @Override
    void close();
}
