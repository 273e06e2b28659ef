package vn.communeradio.gateway.decode;

import com.sun.jna.Pointer;

/**
 * The part of libopus's API that {@link OpusPacketDecoder} uses, bound by JNA direct mapping. Each signature is
 * the one in opus.h / opus_defines.h of libopus 1.3.1 (Debian 12's libopus0), each function exported since 1.1
 * (Debian's symbols file); opus_int32 is a Java int. The variadic {@code opus_decoder_ctl} is left out: direct
 * mapping cannot call it portably, and {@code opus_decoder_init} resets a state as well.
 *
 * <p>Why static natives: direct mapping (JNA's fastest call path, the one that allocates nothing per call) binds
 * the static native methods of a class to one library, once per JVM. This class has no state of its own;
 * {@link NativeCodecs} makes the binding at start-up and is what decoders are opened with.
 */
final class Opus {

    /** The library's ABI: Debian's libopus0 installs this file. */
    static final String SONAME = "libopus.so.0";
    static final String PACKAGE = "libopus0";

    static final int OK = 0;

    private Opus() {
    }

    static native int opus_decoder_get_size(int channels);

    static native int opus_decoder_init(Pointer st, int fs, int channels);

    static native int opus_decode_float(Pointer st, Pointer data, int len, Pointer pcm, int frameSize,
            int decodeFec);

    static native String opus_strerror(int error);

    static native String opus_get_version_string();
}
