package vn.communeradio.gateway.audio;

/**
 * The failures of the classes whose code runs on the audio callback, built here because those classes must hold
 * no string constant. The first time HotSpot's C2 compiles a method, the thread that triggered the compilation
 * resolves every string constant of that method's class, allocating each: on the callback thread, a one-off
 * allocation seconds into playback (measured: 136 bytes, PcmRing's messages, ~9 s into an Ogg/Opus stream).
 * Here, a message costs something only when it is thrown.
 */
public final class RealTimeFailures {

    private RealTimeFailures() {
    }

    public static IllegalArgumentException ringCapacity(int capacitySamples) {
        return new IllegalArgumentException("capacity must be 1..2^30 samples: " + capacitySamples);
    }

    public static IllegalArgumentException negativeCount(int count) {
        return new IllegalArgumentException("negative count: " + count);
    }

    public static IllegalArgumentException limiterFormat(int channels, int sampleRate) {
        return new IllegalArgumentException("limiter needs channels >= 1 and sampleRate >= 8000, not " + channels
                + " and " + sampleRate);
    }

    public static IllegalArgumentException shortBuffer(int length, int frames, int channels) {
        return new IllegalArgumentException("buffer of " + length + " samples shorter than " + frames + " frames of "
                + channels + " channels");
    }

    public static IllegalArgumentException ringTooSmall(int capacitySamples, int targetSamples) {
        return new IllegalArgumentException("ring of " + capacitySamples + " samples cannot hold the target "
                + targetSamples + " plus a fade reserve");
    }
}
