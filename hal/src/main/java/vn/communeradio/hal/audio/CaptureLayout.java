package vn.communeradio.hal.audio;

/**
 * What an output captures beside what it plays: how many input channels, and which of them (1-based, 0 = none) is
 * the line input (a local microphone or mixer) and which the sense input (what the speakers sound like).
 */
public record CaptureLayout(int channels, int lineChannel, int senseChannel) {

    /** The most input channels an output captures (a multichannel card's first 32). */
    public static final int MAX_CHANNELS = 32;

    /** No input: the renderer gets an empty capture. */
    public static final CaptureLayout NONE = new CaptureLayout(0, 0, 0);

    public CaptureLayout {
        if (channels < 0 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("input channels must be 0.." + MAX_CHANNELS + ", got " + channels);
        }
        if (lineChannel < 0 || lineChannel > channels) {
            throw new IllegalArgumentException("line channel " + lineChannel + " is not one of the " + channels
                    + " input channels (0 = none)");
        }
        if (senseChannel < 0 || senseChannel > channels) {
            throw new IllegalArgumentException("sense channel " + senseChannel + " is not one of the " + channels
                    + " input channels (0 = none)");
        }
    }

    /** Just the channels needed to reach both: a device's channels 1..max(line, sense). */
    public static CaptureLayout of(int lineChannel, int senseChannel) {
        return new CaptureLayout(Math.max(lineChannel, senseChannel), lineChannel, senseChannel);
    }

    public boolean captures() {
        return channels > 0;
    }

    /** For descriptions: {@code line 1, sense 2 of 2 channels}. */
    public String describe() {
        if (channels == 0) {
            return "no input";
        }
        return (lineChannel == 0 ? "no line" : "line " + lineChannel) + ", "
                + (senseChannel == 0 ? "no sense" : "sense " + senseChannel) + " of " + channels + " channels";
    }
}
