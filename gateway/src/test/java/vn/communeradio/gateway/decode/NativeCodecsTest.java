package vn.communeradio.gateway.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a board without the decoding libraries says at start-up: the package to install. The failing loads come
 * first: binding is once per JVM, and a failed load binds nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NativeCodecsTest {

    @Test
    @Order(1)
    void missingLibmpg123NamesItsPackage() {
        CodecLibraryException e = assertThrows(CodecLibraryException.class,
                () -> NativeCodecs.load("libmpg123-missing.so.0", Opus.SONAME));
        assertTrue(e.getMessage().startsWith("libmpg123-missing.so.0 cannot be loaded: install the Debian package "
                + "libmpg123-0 ("), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    @Order(2)
    void missingLibopusNamesItsPackage() {
        CodecLibraryException e = assertThrows(CodecLibraryException.class,
                () -> NativeCodecs.load(Mpg123.SONAME, "libopus-missing.so.0"));
        assertTrue(e.getMessage().contains("install the Debian package libopus0"), e.getMessage());
    }

    @Test
    @Order(3)
    void aLibraryWithoutTheFunctionsIsRefusedBeforeAnyCall() {
        // libopus in place of libmpg123: it loads, but has none of mpg123's functions
        CodecLibraryException e = assertThrows(CodecLibraryException.class,
                () -> NativeCodecs.load(Opus.SONAME, Opus.SONAME));
        assertTrue(e.getMessage().startsWith("libopus.so.0 lacks a function the decoder calls: install a newer "
                + "libmpg123-0"), e.getMessage());
    }

    @Test
    @Order(4)
    void theDebianLibrariesLoadAndLoadingAgainBindsNothingTwice() throws Exception {
        NativeCodecs first = NativeCodecs.load();
        NativeCodecs again = NativeCodecs.load();
        assertEquals(first.description(), again.description());
        assertTrue(first.description().startsWith("libmpg123.so.0, libopus.so.0 (libopus 1."), first.description());
    }
}
