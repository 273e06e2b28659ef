package vn.communeradio.gateway.audio;

/** A sine test tone at −6 dBFS on every channel (PROTOCOL.md {@code tone:<hz>}). */
public final class ToneVoice implements Voice {

    static final float AMPLITUDE = 0.5f; // −6 dBFS

    private final double step;
    private double phase;
    /** Written by the callback only (one writer), read by the control loop. */
    private volatile long programmeFrames;

    public ToneVoice(double hz, int sampleRate) {
        this.step = 2 * Math.PI * hz / sampleRate;
    }

    @Override
    public void read(float[] buffer, int frames, int channels) {
        for (int f = 0; f < frames; f++) {
            float s = (float) (AMPLITUDE * Math.sin(phase));
            phase += step;
            if (phase > 2 * Math.PI) {
                phase -= 2 * Math.PI;
            }
            for (int c = 0; c < channels; c++) {
                buffer[f * channels + c] = s;
            }
        }
        programmeFrames += frames;
    }

    @Override
    public long programmeFrames() {
        return programmeFrames;
    }
}
