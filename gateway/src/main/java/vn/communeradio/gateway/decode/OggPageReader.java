package vn.communeradio.gateway.decode;

import java.io.IOException;

/**
 * Ogg pages (RFC 3533): capture pattern, version, header type, granule position, serial, sequence number, CRC-32
 * and segment table. A page whose CRC fails, or garbage between pages, is skipped up to the next "OggS" that
 * starts a valid page. The current page's bytes stay in the window until the next call.
 */
final class OggPageReader {

    /** Largest possible page: header, 255 lacing values, 255 segments of 255 bytes. */
    static final int MAX_PAGE = 27 + 255 + 255 * 255;

    static final int CONTINUED = 1;
    static final int BOS = 2;
    static final int EOS = 4;

    private static final int[] CRC_TABLE = crcTable();

    private final ByteWindow w;
    private final int[] lacing = new int[255];
    private int pageLength;
    private int segments;
    private int flags;
    private long granule;
    private int serial;
    private long sequence;
    private long resyncs;
    private boolean seenPage;

    OggPageReader(ByteWindow w) {
        this.w = w;
    }

    /**
     * Moves to the next valid page, skipping at most {@code searchLimit} bytes of garbage or damaged pages.
     *
     * @return false at the end of the input (a truncated last page is dropped)
     * @throws DecodeException when no valid page follows within the limit
     */
    boolean next(long searchLimit) throws IOException {
        w.skip(pageLength);
        pageLength = 0;
        long skipped = 0;
        while (w.fill(27)) {
            if (validPageHere()) {
                if (skipped > 0 && seenPage) {
                    resyncs++;
                }
                seenPage = true;
                return true;
            }
            if (skipped >= searchLimit) {
                throw new DecodeException(seenPage
                        ? "Ogg stream broken at byte " + w.position() + ": no valid page in the next "
                                + searchLimit / 1024 + " KiB"
                        : "no Ogg page in the first " + searchLimit / 1024 + " KiB");
            }
            w.skip(1);
            skipped++;
        }
        return false;
    }

    private boolean validPageHere() throws IOException {
        if (!w.matches(0, "OggS") || w.u8(4) != 0) {
            return false;
        }
        int nseg = w.u8(26);
        if (!w.fill(27 + nseg)) {
            return false;
        }
        int length = 27 + nseg;
        for (int i = 0; i < nseg; i++) {
            length += w.u8(27 + i);
        }
        if (!w.fill(length) || crc(length) != w.u32le(22)) {
            return false;
        }
        for (int i = 0; i < nseg; i++) {
            lacing[i] = w.u8(27 + i);
        }
        segments = nseg;
        pageLength = length;
        flags = w.u8(5);
        granule = (w.u32le(6) & 0xFFFFFFFFL) | (long) w.u32le(10) << 32;
        serial = w.u32le(14);
        sequence = w.u32le(18) & 0xFFFFFFFFL;
        return true;
    }

    /** CRC-32 of the page (polynomial 0x04C11DB7, not reflected, initial 0) with its CRC field taken as zero. */
    private int crc(int length) {
        byte[] b = w.array();
        int base = w.offset();
        int crc = 0;
        for (int i = 0; i < length; i++) {
            int v = i >= 22 && i < 26 ? 0 : b[base + i] & 0xFF;
            crc = crc << 8 ^ CRC_TABLE[(crc >>> 24 ^ v) & 0xFF];
        }
        return crc;
    }

    private static int[] crcTable() {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int k = 0; k < 8; k++) {
                r = (r & 0x80000000) != 0 ? r << 1 ^ 0x04C11DB7 : r << 1;
            }
            t[i] = r;
        }
        return t;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    long granule() {
        return granule;
    }

    int serial() {
        return serial;
    }

    long sequence() {
        return sequence;
    }

    int segments() {
        return segments;
    }

    int lacing(int i) {
        return lacing[i];
    }

    /** The window's buffer: the current page starts at {@link #base()}. */
    byte[] array() {
        return w.array();
    }

    int base() {
        return w.offset();
    }

    /** Offset of the page body from {@link #base()} (valid until the next page). */
    int bodyOffset() {
        return 27 + segments;
    }

    /** Pages skipped over or garbage passed while resynchronising. */
    long resyncs() {
        return resyncs;
    }

    /** Bytes consumed before the current page. */
    long position() {
        return w.position();
    }
}
