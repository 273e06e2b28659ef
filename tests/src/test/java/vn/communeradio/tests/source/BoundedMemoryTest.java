package vn.communeradio.tests.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.source.HttpSource;
import vn.communeradio.gateway.source.SourceSettings;
import vn.communeradio.gateway.source.SourceStream;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;

/**
 * Reading a stream costs no memory per byte: an unpaced server pushes as fast as loopback goes, and the reading
 * thread allocates (next to) nothing per megabyte, plain, with ICY metadata, or chunked. A board that plays for
 * months must not feed the garbage collector from its network path.
 */
class BoundedMemoryTest {

    static final int MB = 1024 * 1024;
    /** Allowed allocation per megabyte read, after warm-up: a few small objects at most, never a buffer per read. */
    static final long MAX_BYTES_PER_MB = 256;

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Reads {@code mb} megabytes in 4 KiB reads (a decoder's size) and returns the bytes allocated meanwhile. */
    private static long allocationsReading(InputStream in, int mb) throws IOException {
        byte[] buffer = new byte[4096];
        long before = allocatedByThisThread();
        long left = (long) mb * MB;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            assertTrue(n > 0);
            left -= n;
        }
        return allocatedByThisThread() - before;
    }

    private static void assertReadingAllocatesNothingPerByte(Reply reply) throws IOException {
        try (StreamServer server = StreamServer.start()) {
            server.serve("/fast", reply);
            try (SourceStream s = HttpSource.open(server.uri("/fast"), SourceSettings.defaults())) {
                allocationsReading(s.body(), 32); // warm-up: JIT, first title
                long allocated = allocationsReading(s.body(), 256);
                assertTrue(allocated / 256 < MAX_BYTES_PER_MB,
                        "reading allocated " + allocated + " bytes for 256 MiB (" + allocated / 256 + " per MiB)");
            }
        }
    }

    private static byte[] audio() {
        byte[] audio = new byte[1 << 16];
        new Random(5).nextBytes(audio);
        return audio;
    }

    @Test
    void aFastLiveStreamAllocatesNothingPerByte() throws IOException {
        assertReadingAllocatesNothingPerByte(Reply.live(audio()));
    }

    @Test
    void aFastLiveStreamWithIcyMetadataAllocatesNothingPerByte() throws IOException {
        assertReadingAllocatesNothingPerByte(Reply.live(audio()).icy(16_000, "one title, as for hours on air"));
    }

    @Test
    void aLargeChunkedBodyInSmallChunksAllocatesNothingPerByte() throws IOException {
        byte[] body = new byte[300 * MB];
        assertReadingAllocatesNothingPerByte(Reply.chunked(body, 2000)); // 500 chunk-size lines per MiB
    }

    @Test
    void theMeasureSeesAllocationsWhenThereAreSome() {
        long before = allocatedByThisThread();
        byte[][] keep = new byte[256][];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = new byte[4096]; // what a reader allocating a buffer per read would cost
        }
        assertEquals(256, keep.length);
        assertTrue(allocatedByThisThread() - before >= 256 * 4096);
    }
}
