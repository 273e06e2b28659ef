package vn.communeradio.hal.audio;

import java.util.Arrays;

/**
 * The input an output captured for the period it is rendering, handed to its renderer in the same call (one clock,
 * one callback): one array per input channel, frames {@code [0, frames())} valid, preallocated by the output and
 * reused every period, so a renderer reads it during the call and copies what it keeps. The line and sense
 * channels are named for the renderer; a channel the layout lacks reads as silence.
 */
public final class Capture {

    private final CaptureLayout layout;
    /** Copied from the layout: the callback runs no code of a class that holds string constants (its messages). */
    private final int line;
    private final int sense;
    private final float[][] channels;
    /** What an absent line or sense channel reads as: never written. */
    private final float[] silence;
    private int frames;

    /** @param capacityFrames the largest period the output will render */
    Capture(CaptureLayout layout, int capacityFrames) {
        this.layout = layout;
        this.line = layout.lineChannel();
        this.sense = layout.senseChannel();
        this.channels = new float[layout.channels()][capacityFrames];
        this.silence = new float[capacityFrames];
    }

    /** An empty capture for a renderer called outside an output (tests, tools). */
    public static Capture none(int capacityFrames) {
        return new Capture(CaptureLayout.NONE, capacityFrames);
    }

    public CaptureLayout layout() {
        return layout;
    }

    /** Frames captured for this period: the frames the output renders in the same call. */
    public int frames() {
        return frames;
    }

    /** The largest period this capture holds. */
    public int capacity() {
        return silence.length;
    }

    /** Input channel {@code n} (1-based, as the device numbers them). */
    public float[] channel(int n) {
        return channels[n - 1];
    }

    public boolean hasLine() {
        return line > 0;
    }

    /** The line input (microphone, mixer), or silence when there is none. */
    public float[] line() {
        return line > 0 ? channels[line - 1] : silence;
    }

    public boolean hasSense() {
        return sense > 0;
    }

    /** The sense input (what the speakers sound like), or silence when there is none. */
    public float[] sense() {
        return sense > 0 ? channels[sense - 1] : silence;
    }

    /** The output sets the period's frame count before it hands the capture over. */
    void frames(int n) {
        frames = n;
    }

    /** A period with nothing captured (a device late, or failing): every channel silent. */
    void silent(int n) {
        for (float[] channel : channels) {
            Arrays.fill(channel, 0, n, 0f);
        }
        frames = n;
    }
}
