package vn.communeradio.gateway.decode;

import java.io.IOException;

/**
 * Turns one compressed byte stream into PCM. Used by one thread (the source's decoder thread), never by the
 * audio callback, so it may block on its input.
 */
public interface Decoder extends AutoCloseable {

    /** Most frames one {@link #read} returns: 120 ms at 48 kHz, Opus's longest packet. */
    int MAX_FRAMES = 5760;

    /**
     * Decodes the next frames into {@code out}: interleaved floats, full scale ±1, {@link #channels()} per
     * frame, at most {@code out.length / channels()} frames ({@code out.length >= MAX_FRAMES * 2}).
     *
     * @return frames written (0 is allowed, e.g. after a header), or -1 at the end of the stream
     * @throws DecodeException when the input is not decodable audio: no run of valid frames within its first
     *                         64 KiB, a corrupt container, an unsupported format
     * @throws IOException     from the input, passed through (a network drop is not a decode error)
     */
    int read(float[] out) throws IOException;

    /** Sample rate of the frames the last {@link #read} returned (may change between reads in an MP3 stream). */
    int sampleRate();

    /** Channels of the frames the last {@link #read} returned: 1 or 2. */
    int channels();

    /** Short name of the format for logs: "mp3" (or "mp2", "mp1"), "opus", "wav". */
    String format();

    /** Frames skipped while resynchronising after corrupt data so far (a broken stream recovers and plays on). */
    long resyncs();

    /** Closes the input. */
    @Override
    void close() throws IOException;
}
