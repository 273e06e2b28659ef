package vn.communeradio.gateway.decode;

import java.io.IOException;

/**
 * Finds MPEG audio frames in a byte stream and hands out only frames it trusts. Random bytes contain false frame
 * syncs, so it first wants a run of {@link #RUN} frames whose headers agree and chain by frame length; once in sync
 * it follows the chain, and when the chain breaks (corrupt or missing bytes) it searches again. ID3 tags are skipped
 * by their declared size without being buffered. A Xing/Info/VBRI frame is handed out like the others and marked
 * as the start of a file ({@link #startsFile()}).
 */
final class Mp3FrameReader {

    /** Frames that must chain before we play: three agreeing headers at random are ~never seen. */
    static final int RUN = 3;
    /** Bytes searched for a run of frames before the input is declared not MP3 (PROTOCOL: first 64 KiB). */
    static final int SEARCH_LIMIT = 64 * 1024;
    /** Largest ID3v2 tag skipped: a generous cover picture; a larger declared size is damage. */
    static final long MAX_ID3_BYTES = 16L * 1024 * 1024;
    /** Window: room for a run of the longest frames (2,881 bytes) with margin. */
    static final int WINDOW = 16 * 1024;
    /** Header cache slots, by bit rate index, sample rate index and padding bit. */
    private static final int CACHE = 128;
    /** The bits of a header that {@link Mp3Header} depends on (mode extension, copyright, original left out). */
    private static final int HEADER_BITS = 0xFFFFFFC3;

    private final ByteWindow w;
    /** Headers parsed so far by the bits that make them (sync to sample rate, padding, mode): see {@link #header}. */
    private final int[] cachedBits = new int[CACHE];
    private final Mp3Header[] cachedHeaders = new Mp3Header[CACHE];
    private Mp3Header current;
    private int pending;
    private boolean startsFile;
    private long resyncs;
    private long id3Bytes;

    Mp3FrameReader(ByteWindow w) {
        this.w = w;
    }

    /**
     * Skips leading ID3 tags and finds the first run of frames.
     *
     * @return false when there is none within {@link #SEARCH_LIMIT} bytes (or before the end)
     */
    boolean sync() throws IOException {
        skipTags();
        return search(false);
    }

    /**
     * The next frame: its bytes are at the window's offset 0 until the next call. Null at the end of the
     * stream (a truncated last frame is dropped).
     *
     * @throws DecodeException when sync is lost and no run of frames follows within {@link #SEARCH_LIMIT} bytes
     */
    Mp3Header next() throws IOException {
        while (true) {
            if (!w.skip(pending)) {
                return null;
            }
            pending = 0;
            skipTags();
            Mp3Header h = w.fill(4) ? header(w.u32be(0)) : null;
            if (w.available() < 4) {
                return null;
            }
            if (h == null || current == null || !h.sameStream(current)) {
                if (!search(true)) {
                    return null;
                }
                h = current;
            }
            if (!w.fill(h.length())) {
                return null;
            }
            current = h;
            pending = h.length();
            startsFile = h.infoFrame(w);
            return h;
        }
    }

    /** The frame {@link #next} returned last is a Xing/Info/VBRI frame: another file starts with it. */
    boolean startsFile() {
        return startsFile;
    }

    /** Header of the frames in sync now (after {@link #sync}). */
    Mp3Header current() {
        return current;
    }

    /** Frames' worth of bytes skipped where the chain broke, to find frames again. */
    long resyncs() {
        return resyncs;
    }

    /** Bytes of ID3v2 tags skipped so far. */
    long id3Bytes() {
        return id3Bytes;
    }

    /**
     * Searches for a run of frames, consuming the bytes before it.
     *
     * @param resync a search after sync was lost: a run cut short by the end of the stream is trusted
     * @return false at the end of the stream
     */
    private boolean search(boolean resync) throws IOException {
        long skipped = 0;
        while (w.fill(4)) {
            Mp3Header h = header(w.u32be(0));
            if (h != null && chains(h, resync)) {
                current = h;
                if (skipped > 0 && resync) {
                    // in frames, as the contract counts: the skipped bytes in frames of this stream, at least one
                    resyncs += Math.max(1, (skipped + h.length() / 2) / h.length());
                }
                return true;
            }
            if (skipped >= SEARCH_LIMIT) {
                throw new DecodeException(resync
                        ? "MP3 stream broken at byte " + w.position() + ": no valid frames in the next "
                                + SEARCH_LIMIT / 1024 + " KiB"
                        : "no MP3 frames in the first " + SEARCH_LIMIT / 1024 + " KiB" + afterTags());
            }
            w.skip(1);
            skipped++;
        }
        return false;
    }

    private String afterTags() {
        return id3Bytes > 0 ? " after the ID3 tag (" + id3Bytes + " bytes)" : "";
    }

    private boolean chains(Mp3Header first, boolean resync) throws IOException {
        int offset = 0;
        Mp3Header h = first;
        for (int i = 1; i < RUN; i++) {
            offset += h.length();
            if (!w.fill(offset + 4)) {
                // the stream ends: a run cut short exactly at a frame boundary is the end of real audio
                return w.available() == offset && (resync || i >= 2);
            }
            Mp3Header next = header(w.u32be(offset));
            if (next == null || !next.sameStream(first)) {
                return false;
            }
            h = next;
        }
        return true;
    }

    /**
     * The header in {@code bits}, parsed once per kind: a stream repeats a few headers (a bit rate or two, with and
     * without padding), so in steady state reading a frame allocates nothing.
     */
    private Mp3Header header(int bits) {
        int key = bits & HEADER_BITS;
        int slot = key >>> 9 & (CACHE - 1);
        Mp3Header h = cachedHeaders[slot];
        if (h == null || cachedBits[slot] != key) {
            h = Mp3Header.parse(key);
            if (h == null) {
                return null;
            }
            cachedBits[slot] = key;
            cachedHeaders[slot] = h;
        }
        return h;
    }

    /** Skips ID3v2 tags (several may follow each other) and an ID3v1 tag at a frame boundary. */
    private void skipTags() throws IOException {
        while (w.fill(10) && w.matches(0, "ID3") && w.u8(3) >= 2 && w.u8(3) <= 4 && w.u8(4) != 0xFF
                && (w.u8(6) | w.u8(7) | w.u8(8) | w.u8(9)) < 0x80) {
            long size = 10L + (w.u8(6) << 21 | w.u8(7) << 14 | w.u8(8) << 7 | w.u8(9))
                    + ((w.u8(5) & 0x10) != 0 ? 10 : 0);
            if (size > MAX_ID3_BYTES) {
                throw new DecodeException("ID3 tag of " + size / (1024 * 1024) + " MiB at byte " + w.position()
                        + ": more than the " + MAX_ID3_BYTES / (1024 * 1024) + " MiB allowed (damaged file, or "
                        + "pictures too large: strip the tag)");
            }
            id3Bytes += size;
            if (!w.skip(size)) {
                return;
            }
        }
        if (current != null && w.fill(3) && w.matches(0, "TAG") && w.fill(128)) {
            w.skip(128);
        }
    }
}
