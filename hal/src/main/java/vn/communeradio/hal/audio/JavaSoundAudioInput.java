package vn.communeradio.hal.audio;

import javax.sound.sampled.AudioFormat;

/**
 * Captures through Java Sound (plain ALSA) in the Java Sound output's loop, at its rate and period, 16-bit: a
 * capture line of its own, read without blocking (the output's blocking write is the loop's clock). Two lines on
 * one card run from one crystal but start apart: the first period with data starts the input, a period missing
 * later is made silent, and a backlog past two periods is dropped to one (both counted as xruns). Two cards drift
 * apart, and that shows as those xruns: JACK, one client for both directions, has neither.
 *
 * <p>{@link #read} runs on the render thread: no string constant here (the words are {@link JavaSoundCapture}'s).
 */
public final class JavaSoundAudioInput implements AudioInput {

    /** Periods the capture line holds: room for the loop to be late by two without losing anything. */
    private static final int BUFFER_PERIODS = 4;
    /** A backlog of this many periods is dropped to one: input and output have drifted, or the loop stalled. */
    private static final int BACKLOG_PERIODS = 3;

    private final String device;
    private final CaptureLayout layout;
    private final Opener opener;
    private PcmSource source;
    private byte[] bytes;
    private boolean started;

    /** @param device part of a mixer name (case-insensitive), or empty for the system default capture device */
    public JavaSoundAudioInput(String device, CaptureLayout layout) {
        this(device, layout, JavaSoundCapture::open);
    }

    JavaSoundAudioInput(String device, CaptureLayout layout, Opener opener) {
        this.device = JavaSoundCapture.requireUsable(device, layout);
        this.layout = layout;
        this.opener = opener;
    }

    /** What the input reads: a started capture line, or a stand-in for one in tests. */
    interface PcmSource {
        int available();

        int read(byte[] buffer, int offset, int length);

        void close();
    }

    /** Opens the capture device for a format, with room for {@code bufferBytes}. */
    interface Opener {
        PcmSource open(String device, AudioFormat format, int bufferBytes) throws AudioOutputException;
    }

    @Override
    public CaptureLayout layout() {
        return layout;
    }

    @Override
    public void open(OutputFormat format) throws AudioOutputException {
        AudioFormat pcm = new AudioFormat(format.sampleRate(), 16, layout.channels(), true, false);
        int periodBytes = format.periodFrames() * layout.channels() * 2;
        bytes = new byte[periodBytes];
        started = false;
        source = opener.open(device, pcm, periodBytes * BUFFER_PERIODS);
    }

    @Override
    public boolean read(Capture into, int frames) {
        int need = frames * layout.channels() * 2;
        int available = source.available();
        if (available < need) {
            into.silent(frames);
            return !started; // before the first period the line has simply not begun
        }
        boolean onTime = true;
        if (started && available >= BACKLOG_PERIODS * need) {
            onTime = false;
            for (int drop = available / need - 1; drop > 0; drop--) {
                source.read(bytes, 0, need);
            }
        }
        started = true;
        int got = source.read(bytes, 0, need);
        if (got < need) {
            into.silent(frames);
            return false;
        }
        int channels = layout.channels();
        for (int c = 0; c < channels; c++) {
            float[] channel = into.channel(c + 1);
            for (int i = 0, at = 2 * c; i < frames; i++, at += 2 * channels) {
                channel[i] = (short) ((bytes[at] & 0xff) | (bytes[at + 1] << 8)) / 32768f;
            }
        }
        return onTime;
    }

    @Override
    public void played(float[] buffer, int frames, int channels) {
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
            source = null;
        }
    }

    @Override
    public String description() {
        return JavaSoundCapture.describe(device, layout);
    }
}
