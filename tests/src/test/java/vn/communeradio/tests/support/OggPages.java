package vn.communeradio.tests.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads and edits the pages of an Ogg file a test made (RFC 3533), with no decoder in between. */
public final class OggPages {

    private OggPages() {
    }

    /** Where each page starts. */
    public static List<Integer> offsets(byte[] b) {
        List<Integer> offsets = new ArrayList<>();
        for (int p = 0; p < b.length; p += length(b, p)) {
            offsets.add(p);
        }
        return offsets;
    }

    /** The granule position of the page at {@code page}. */
    public static long granule(byte[] b, int page) {
        long g = 0;
        for (int i = 7; i >= 0; i--) {
            g = g << 8 | b[page + 6 + i] & 0xFF;
        }
        return g;
    }

    /** Bytes of the page at {@code page}, header included. */
    public static int length(byte[] b, int page) {
        int nseg = b[page + 26] & 0xFF;
        int length = 27 + nseg;
        for (int i = 0; i < nseg; i++) {
            length += b[page + 27 + i] & 0xFF;
        }
        return length;
    }

    /** Recomputes the CRC of the page at {@code page} after a test edited it. */
    public static void fixCrc(byte[] b, int page) {
        int length = length(b, page);
        Arrays.fill(b, page + 22, page + 26, (byte) 0);
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= (b[page + i] & 0xFF) << 24;
            for (int k = 0; k < 8; k++) {
                crc = crc < 0 ? crc << 1 ^ 0x04C11DB7 : crc << 1;
            }
        }
        for (int i = 0; i < 4; i++) {
            b[page + 22 + i] = (byte) (crc >>> 8 * i);
        }
    }
}
