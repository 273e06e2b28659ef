package vn.communeradio.gateway.decode;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * One libmpg123 handle in feed mode: whole MPEG frames in, 32-bit float PCM out at the stream's own rate and
 * channel count, gapless (the LAME/Info frame's encoder delay and padding trimmed, as mpg123 does). Every buffer
 * libmpg123 reads or writes is native memory allocated here once, and every length passed is checked against it
 * first: a wrong length would be a crash of the whole service, not an exception.
 */
final class Mpg123Feed implements AutoCloseable {

    /** Largest input fed at once: one frame (the longest, MPEG-2.5 layer II at 160 kbps, 8 kHz, is 2,881 bytes). */
    static final int MAX_INPUT = 4096;
    /** Floats one read may return: one frame of 1,152 stereo samples, the most a frame decodes to. */
    static final int MAX_OUTPUT = 1152 * 2;

    /** What {@link #decode} returns when everything fed has been decoded. */
    static final int NEED_MORE = -1;
    /** What {@link #decode} returns when libmpg123 gave up on the stream: {@link #restart()} before feeding on. */
    static final int FAILED = -2;
    /** Reads in a row that may return nothing for one frame fed: a format announcement, an Info frame. */
    private static final int MAX_IDLE = 8;

    private final Memory input = new Memory(MAX_INPUT);
    private final Memory output = new Memory(MAX_OUTPUT * 4L);
    /** size_t and long outputs get 8 bytes whatever their size: a wider write or read never leaves them. */
    private final Memory done = new Memory(8);
    private final Memory rate = new Memory(8);
    private final Memory channels = new Memory(4);
    private final Memory encoding = new Memory(4);
    /**
     * size_t arguments by value, made the first time a frame length is seen and reused: setting a NativeLong's value
     * boxes it, so a call with a length seen before allocates nothing (a stream has a few frame lengths).
     */
    private final NativeLong[] inputSizes = new NativeLong[MAX_INPUT + 1];
    private final NativeLong outputSize = new NativeLong(MAX_OUTPUT * 4L);
    private Pointer handle;
    private int outputChannels;
    private int outputRate;
    private boolean drained;
    /** Calls in a row that returned nothing without asking for input: bounded, so a confused handle cannot spin. */
    private int idle;

    /**
     * @throws DecodeException when libmpg123 refuses to set up a handle (out of memory, a build without float
     *                         output)
     */
    Mpg123Feed() throws DecodeException {
        Memory error = new Memory(4);
        error.setInt(0, 0);
        handle = Mpg123.mpg123_new(null, error);
        if (handle == null) {
            throw new DecodeException("libmpg123 could not make a decoder: "
                    + Mpg123.mpg123_plain_strerror(error.getInt(0)));
        }
        try {
            check(Mpg123.mpg123_param(handle, Mpg123.FLAGS,
                    new NativeLong(Mpg123.GAPLESS | Mpg123.QUIET | Mpg123.NO_READAHEAD), 0), "flags");
            check(Mpg123.mpg123_format_none(handle), "format");
            for (int r : Mpg123.RATES) {
                check(Mpg123.mpg123_format(handle, new NativeLong(r), Mpg123.MONO | Mpg123.STEREO,
                        Mpg123.ENC_FLOAT_32), "float output at " + r + " Hz");
            }
            restart();
        } catch (DecodeException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void check(int result, String what) throws DecodeException {
        if (result != Mpg123.OK) {
            throw new DecodeException("libmpg123 refused " + what + ": " + Mpg123.mpg123_strerror(handle));
        }
    }

    /**
     * Starts a new stream on the handle: what was fed and not decoded is dropped, the next frame is the first of a
     * new file (its Info frame, if any, sets the gapless trimming; its header, the format).
     */
    void restart() throws DecodeException {
        check(Mpg123.mpg123_open_feed(handle), "a new stream");
        // the output format stays: libmpg123 announces a new one only where it differs
        drained = true;
        idle = 0;
    }

    /** Hands {@code length} bytes at {@code offset} of {@code bytes} (a whole frame) to the decoder. */
    void feed(byte[] bytes, int offset, int length) {
        if (length <= 0 || length > MAX_INPUT || offset < 0 || offset > bytes.length - length) {
            throw new IllegalArgumentException("feed of " + length + " bytes at " + offset + " of " + bytes.length);
        }
        input.write(0, bytes, offset, length);
        NativeLong size = inputSizes[length];
        if (size == null) {
            size = new NativeLong(length);
            inputSizes[length] = size;
        }
        // only an out-of-memory fails here (the frame is then not decoded); the next read goes on regardless
        Mpg123.mpg123_feed(live(), input, size);
        drained = false;
    }

    /**
     * Decodes what was fed into {@code out} (interleaved, {@link #channels()} per frame).
     *
     * @return floats written (0 when a new format was announced: call again), {@link #NEED_MORE} or {@link #FAILED}
     */
    int decode(float[] out) {
        if (drained) {
            return NEED_MORE;
        }
        if (out.length < MAX_OUTPUT) {
            throw new IllegalArgumentException("output of " + out.length + " floats, less than a frame");
        }
        done.setLong(0, 0);
        int result = Mpg123.mpg123_read(live(), output, outputSize, done);
        long bytes = Native.SIZE_T_SIZE == 8 ? done.getLong(0) : done.getInt(0) & 0xFFFFFFFFL;
        if (bytes == 0 && (result == Mpg123.NEW_FORMAT || result == Mpg123.OK) && ++idle > MAX_IDLE) {
            drained = true;
            return FAILED;
        }
        if (bytes > 0 || result == Mpg123.NEED_MORE) {
            idle = 0;
        }
        if (result == Mpg123.NEW_FORMAT) {
            return readFormat() ? 0 : FAILED;
        }
        if (result != Mpg123.OK && result != Mpg123.NEED_MORE && result != Mpg123.DONE) {
            drained = true;
            return FAILED;
        }
        drained = result != Mpg123.OK;
        if (bytes == 0) {
            return drained ? NEED_MORE : 0;
        }
        int floats = (int) (bytes / 4);
        if (bytes > MAX_OUTPUT * 4L || bytes % 4 != 0 || outputChannels == 0 || floats % outputChannels != 0) {
            drained = true;
            return FAILED;
        }
        output.read(0, out, 0, floats);
        return floats;
    }

    /** Takes the format libmpg123 announced; false when it is not one we asked for. */
    private boolean readFormat() {
        if (Mpg123.mpg123_getformat(handle, rate, channels, encoding) != Mpg123.OK) {
            return false;
        }
        long r = Native.LONG_SIZE == 8 ? rate.getLong(0) : rate.getInt(0);
        int ch = channels.getInt(0);
        int enc = encoding.getInt(0);
        if (enc != Mpg123.ENC_FLOAT_32 || ch < 1 || ch > 2 || r < 8000 || r > 48000) {
            return false; // not what it was allowed to choose
        }
        outputRate = (int) r;
        outputChannels = ch;
        return true;
    }

    /** Channels of what {@link #decode} returns (after a new format); 0 before the first. */
    int channels() {
        return outputChannels;
    }

    /** Sample rate of what {@link #decode} returns; 0 before the first format. */
    int rate() {
        return outputRate;
    }

    private Pointer live() {
        if (handle == null) {
            throw new IllegalStateException("libmpg123 handle used after close");
        }
        return handle;
    }

    @Override
    public void close() {
        if (handle != null) {
            Mpg123.mpg123_delete(handle);
            handle = null;
        }
    }
}
