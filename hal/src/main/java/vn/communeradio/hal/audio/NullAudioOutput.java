package vn.communeradio.hal.audio;

/** Renders at real-time pace and discards: for stations without a sound card and for tests. */
public final class NullAudioOutput extends PacedOutput {

    public NullAudioOutput(OutputFormat format) {
        super(format, "audio-null");
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
        return "null (" + f.sampleRate() + " Hz, " + f.periodFrames() + " frames)";
    }
}
