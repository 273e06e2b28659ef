package vn.communeradio.hal.audio;

/** Renders at real-time pace and discards: for stations without a sound card and for tests. */
public final class NullAudioOutput extends PacedOutput {

    public NullAudioOutput(OutputFormat format) {
        this(format, AudioInput.NONE);
    }

    /** @param input read in the same loop, its capture handed to the renderer with each period */
    public NullAudioOutput(OutputFormat format, AudioInput input) {
        super(format, input, "audio-null");
    }

    @Override
    void open() {
    }

    @Override
    void consume(float[] buffer, int frames) {
    }

    @Override
    void release() {
    }

    @Override
    public String description() {
        OutputFormat f = format();
        return "null (" + f.sampleRate() + " Hz, " + f.periodFrames() + " frames" + inputDescription() + ")";
    }
}
