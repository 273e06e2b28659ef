package vn.communeradio.tests.support;

import vn.communeradio.gateway.decode.CodecLibraryException;
import vn.communeradio.gateway.decode.Decoders;
import vn.communeradio.gateway.decode.NativeCodecs;

/** The decoders on this machine's libmpg123 and libopus, as the service loads them at start-up. */
public final class NativeDecoders {

    private NativeDecoders() {
    }

    /** Loads (once per JVM; later calls find them loaded) or fails the test saying what to install. */
    public static Decoders load() {
        try {
            return new Decoders(NativeCodecs.load());
        } catch (CodecLibraryException e) {
            throw new AssertionError(e.getMessage() + " (scripts/setup-debian installs it)", e);
        }
    }
}
