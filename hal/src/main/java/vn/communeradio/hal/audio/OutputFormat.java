package vn.communeradio.hal.audio;

/** What an opened output asks of its renderer: sample rate, interleaved channels and frames per period. */
public record OutputFormat(int sampleRate, int channels, int periodFrames) {

    public OutputFormat {
        if (sampleRate < 8000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("sample rate must be 8000..192000 Hz, got " + sampleRate);
        }
        if (channels < 1 || channels > 8) {
            throw new IllegalArgumentException("channels must be 1..8, got " + channels);
        }
        if (periodFrames < 16 || periodFrames > 16_384) {
            throw new IllegalArgumentException("period must be 16..16384 frames, got " + periodFrames);
        }
    }

    /** Duration of one period in nanoseconds. */
    public long periodNanos() {
        return periodFrames * 1_000_000_000L / sampleRate;
    }

    public int periodSamples() {
        return periodFrames * channels;
    }
}
