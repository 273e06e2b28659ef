package vn.communeradio.gateway.decode;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.HashMap;
import java.util.Map;

/**
 * The native decoding libraries, loaded and bound once at start-up: libmpg123 for MP3, libopus for Opus (Debian
 * packages {@code libmpg123-0} and {@code libopus0}, which the package depends on). {@link Decoders} needs one, so
 * nothing decodes before the libraries were found; a missing one is a start-up error that names its package.
 */
public final class NativeCodecs {

    /**
     * Which library each binding class ({@link Mpg123}, {@link Opus}) is bound to. JNA's direct mapping registers a
     * class's static natives once for the whole JVM, so the record of it is JVM-wide too: the one static state here,
     * kept so that loading again binds nothing twice. Guarded by the class lock.
     */
    private static final Map<Class<?>, String> BOUND = new HashMap<>();

    private final String description;

    private NativeCodecs(String description) {
        this.description = description;
    }

    /**
     * Loads libmpg123 and libopus by their sonames and binds the decoders' functions to them. Loading again in the
     * same JVM (tests start many stations) finds them loaded and bound already.
     *
     * @throws CodecLibraryException when a library is missing or lacks a function we call
     */
    public static NativeCodecs load() throws CodecLibraryException {
        return load(Mpg123.SONAME, Opus.SONAME);
    }

    /** As {@link #load()} with other file names: tests show what a board without the packages says. */
    static NativeCodecs load(String mpg123Name, String opusName) throws CodecLibraryException {
        NativeLibrary mpg123 = open(mpg123Name, Mpg123.PACKAGE);
        NativeLibrary opus = open(opusName, Opus.PACKAGE);
        bind(Mpg123.class, mpg123, mpg123Name, Mpg123.PACKAGE);
        bind(Opus.class, opus, opusName, Opus.PACKAGE);
        Mpg123.mpg123_init(); // needed before the first handle by libmpg123 before 1.27, a no-op since
        return new NativeCodecs(mpg123Name + ", " + opusName + " (" + Opus.opus_get_version_string() + ")");
    }

    private static NativeLibrary open(String name, String debianPackage) throws CodecLibraryException {
        try {
            return NativeLibrary.getInstance(name);
        } catch (UnsatisfiedLinkError e) {
            throw new CodecLibraryException(name + " cannot be loaded: install the Debian package " + debianPackage
                    + " (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    /** Binds the static natives of {@code natives} to {@code library}, the first time. */
    private static synchronized void bind(Class<?> natives, NativeLibrary library, String name,
            String debianPackage) throws CodecLibraryException {
        String bound = BOUND.get(natives);
        if (bound != null) {
            if (!bound.equals(name)) {
                throw new IllegalStateException(natives.getSimpleName() + " is bound to " + bound + " already, not "
                        + name);
            }
            return;
        }
        try {
            Native.register(natives, library);
        } catch (UnsatisfiedLinkError e) {
            throw new CodecLibraryException(name + " lacks a function the decoder calls: install a newer "
                    + debianPackage + " (" + firstLine(e.getMessage()) + ")", e);
        }
        BOUND.put(natives, name);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no reason given";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** The libraries in use, for the start-up log line. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
