package vn.communeradio.gateway.decode;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The part of libmpg123's API that {@link Mpg123Feed} uses (the feed API), bound by JNA direct mapping. Each
 * signature is the one in mpg123.h of libmpg123 1.31.2 (Debian 12's libmpg123-0), and each function has been
 * exported under that name since 1.6.2 (Debian's symbols file). None of them takes an off_t: the large-file
 * variants (the {@code _64} / {@code _32} symbols of 32-bit ARM) are never involved. C {@code long} and
 * {@code size_t} are {@link NativeLong}: both are the machine word on every Linux ABI the package runs on (ILP32 on
 * armhf, LP64 on arm64 and x86-64), and JNA passes a NativeLong's value without boxing.
 *
 * <p>Why static natives: direct mapping (JNA's fastest call path, the one that allocates nothing per call) binds
 * the static native methods of a class to one library, once per JVM. This class has no state of its own;
 * {@link NativeCodecs} makes the binding at start-up and is what decoders are opened with.
 */
final class Mpg123 {

    /** The library's ABI: Debian's libmpg123-0 installs this file. */
    static final String SONAME = "libmpg123.so.0";
    static final String PACKAGE = "libmpg123-0";

    // enum mpg123_errors
    static final int DONE = -12;
    static final int NEW_FORMAT = -11;
    static final int NEED_MORE = -10;
    static final int OK = 0;

    // enum mpg123_parms
    static final int FLAGS = 1;

    // enum mpg123_param_flags
    static final int QUIET = 0x20;
    static final int GAPLESS = 0x40;
    /** We feed whole frames our reader vetted: decode each at once instead of waiting for the next header. */
    static final int NO_READAHEAD = 0x400000;

    // enum mpg123_channelcount, enum mpg123_enc_enum (fmt123.h)
    static final int MONO = 1;
    static final int STEREO = 2;
    static final int ENC_FLOAT_32 = 0x200;

    /** The sample rates of MPEG audio (MPEG-1, 2, 2.5), those mpg123_format is told to accept. */
    static final int[] RATES = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};

    private Mpg123() {
    }

    /** A no-op since 1.27 (API 46); before it, required once before the first handle. */
    static native int mpg123_init();

    static native Pointer mpg123_new(Pointer decoder, Pointer error);

    static native void mpg123_delete(Pointer mh);

    static native int mpg123_param(Pointer mh, int type, NativeLong value, double fvalue);

    static native int mpg123_format_none(Pointer mh);

    static native int mpg123_format(Pointer mh, NativeLong rate, int channels, int encodings);

    static native int mpg123_open_feed(Pointer mh);

    static native int mpg123_feed(Pointer mh, Pointer in, NativeLong size);

    static native int mpg123_read(Pointer mh, Pointer outmemory, NativeLong outmemsize, Pointer done);

    static native int mpg123_getformat(Pointer mh, Pointer rate, Pointer channels, Pointer encoding);

    static native String mpg123_plain_strerror(int errcode);

    static native String mpg123_strerror(Pointer mh);
}
