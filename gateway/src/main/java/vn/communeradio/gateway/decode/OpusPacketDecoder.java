package vn.communeradio.gateway.decode;

import com.sun.jna.Memory;

/**
 * One libopus decoder at 48 kHz: Opus packets in, float PCM out. Its state, input and output are native memory
 * allocated here once; every length passed to libopus is checked against them first (a wrong one would crash the
 * whole service, not throw).
 */
final class OpusPacketDecoder implements AutoCloseable {

    static final int RATE = 48000;
    /** Largest packet decoded: what the Ogg packet reader keeps. */
    static final int MAX_PACKET = OggPacketReader.MAX_PACKET;

    private final Memory state;
    private final Memory input = new Memory(MAX_PACKET);
    private final Memory output = new Memory(Decoder.MAX_FRAMES * 2 * 4L);
    private int channels;
    /** Frames the last packet decoded to, in {@link #output}. */
    private int decoded;
    private boolean closed;

    /** @throws DecodeException when libopus refuses (it never should for 1 or 2 channels at 48 kHz) */
    OpusPacketDecoder(int channels) throws DecodeException {
        // room for a stereo state, so that a chained link may switch between mono and stereo in place
        int size = Opus.opus_decoder_get_size(2);
        if (size <= 0) {
            throw new DecodeException("libopus gave a decoder size of " + size);
        }
        state = new Memory(size);
        reset(channels);
    }

    /** Starts over (a new link of a chained stream) with {@code channels} (1 or 2). */
    void reset(int channels) throws DecodeException {
        if (channels < 1 || channels > 2) {
            throw new IllegalArgumentException("Opus decoder of " + channels + " channels");
        }
        int result = Opus.opus_decoder_init(live(), RATE, channels);
        if (result != Opus.OK) {
            throw new DecodeException("libopus refused a " + channels + "-channel decoder: "
                    + Opus.opus_strerror(result));
        }
        this.channels = channels;
        decoded = 0;
    }

    /**
     * Decodes one packet ({@code length} bytes of {@code packet}, at least 1); {@link #copy} takes the frames out.
     *
     * @return frames decoded (at most {@link Decoder#MAX_FRAMES}), or a negative libopus error code for a damaged
     *         packet (the state is unchanged: the next packet decodes as usual)
     */
    int decode(byte[] packet, int length) {
        if (length < 1 || length > MAX_PACKET || length > packet.length) {
            throw new IllegalArgumentException("Opus packet of " + length + " bytes");
        }
        input.write(0, packet, 0, length);
        int frames = Opus.opus_decode_float(live(), input, length, output, Decoder.MAX_FRAMES, 0);
        if (frames > Decoder.MAX_FRAMES) {
            throw new IllegalStateException("libopus decoded " + frames + " frames into room for "
                    + Decoder.MAX_FRAMES);
        }
        decoded = Math.max(frames, 0);
        return frames;
    }

    /** Copies {@code frames} of the last packet's frames from frame {@code from} on to {@code out}, interleaved. */
    void copy(int from, int frames, float[] out) {
        if (from < 0 || frames < 0 || from + frames > decoded || frames * channels > out.length) {
            throw new IllegalArgumentException("frames " + from + " to " + (from + frames) + " of " + decoded
                    + " into " + out.length + " floats");
        }
        live();
        output.read((long) from * channels * 4, out, 0, frames * channels);
    }

    int channels() {
        return channels;
    }

    private Memory live() {
        if (closed) {
            throw new IllegalStateException("Opus decoder used after close");
        }
        return state;
    }

    /** Frees the native memory now rather than when the collector gets to it. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            state.close();
            input.close();
            output.close();
        }
    }
}
