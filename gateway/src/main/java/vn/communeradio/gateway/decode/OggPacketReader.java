package vn.communeradio.gateway.decode;

import java.io.IOException;

/**
 * Packets of one logical Ogg stream, reassembled across pages, plus the first packet of every beginning-of-stream
 * page (how a chained stream announces its next link). A packet that lost a part (a page skipped for a bad CRC,
 * a sequence gap) is dropped, never delivered half.
 */
final class OggPacketReader {

    /** Largest packet kept: an Opus packet is at most 61,440 bytes; longer ones (big tags) are only skipped. */
    static final int MAX_PACKET = 64 * 1024;

    private final OggPageReader pages;
    private final byte[] packet = new byte[MAX_PACKET];
    private int length;
    private boolean oversized;
    private boolean partial;
    private boolean followed;
    private int followSerial;
    private long lastSequence = -1;
    private int segment;
    private int bodyPos;
    private boolean inPage;
    private boolean firstOnPage;
    private boolean bos;
    private boolean lastOnPage;
    private long lostPages;
    private long searchLimit;

    OggPacketReader(OggPageReader pages, long firstSearchLimit) {
        this.pages = pages;
        this.searchLimit = firstSearchLimit;
    }

    /** From now on, delivers the packets of the stream with this serial (the current BOS page's). */
    void follow(int serial) {
        followed = true;
        followSerial = serial;
        lastSequence = pages.sequence();
        partial = false;
    }

    /** Bytes skipped while searching for a page after the start: a damaged page plus the first-page limit. */
    void searchLimit(long limit) {
        searchLimit = limit;
    }

    /**
     * Moves to the next packet of the followed stream, or the first packet of a beginning-of-stream page.
     *
     * @return false at the end of the input
     */
    boolean next() throws IOException {
        while (true) {
            if (!inPage || segment == pages.segments()) {
                if (!pages.next(searchLimit)) {
                    return false;
                }
                startPage();
                continue;
            }
            boolean deliver = pages.serial() == followSerial && followed || pages.has(OggPageReader.BOS)
                    && firstOnPage;
            if (!partial) {
                length = 0;
                oversized = false;
            }
            boolean complete = appendSegments(deliver);
            if (!complete) {
                partial = deliver;
                continue;
            }
            partial = false;
            bos = pages.has(OggPageReader.BOS) && firstOnPage;
            firstOnPage = false;
            lastOnPage = !packetEndsLater();
            if (deliver) {
                return true;
            }
        }
    }

    private void startPage() {
        inPage = true;
        segment = 0;
        bodyPos = pages.bodyOffset();
        firstOnPage = true;
        boolean ours = followed && pages.serial() == followSerial;
        if (!ours) {
            partial = false;
            return;
        }
        boolean gap = pages.sequence() != lastSequence + 1;
        if (gap) {
            // pages missing from the sequence: skipped for a bad CRC, or lost upstream
            long missing = pages.sequence() - lastSequence - 1;
            lostPages += missing > 0 && missing < 1000 ? missing : 1;
        }
        lastSequence = pages.sequence();
        if (partial && (gap || !pages.has(OggPageReader.CONTINUED))) {
            partial = false; // the rest of that packet is lost
        }
        if (!partial && pages.has(OggPageReader.CONTINUED)) {
            skipContinuation();
        }
    }

    /** Skips the segments that end a packet whose start we do not have. */
    private void skipContinuation() {
        while (segment < pages.segments()) {
            int lace = pages.lacing(segment++);
            bodyPos += lace;
            if (lace < 255) {
                firstOnPage = false;
                return;
            }
        }
    }

    /** Appends segments up to a packet end; false when the packet continues on the next page. */
    private boolean appendSegments(boolean keep) {
        byte[] src = pages.array();
        while (segment < pages.segments()) {
            int lace = pages.lacing(segment++);
            if (keep) {
                if (length + lace <= packet.length) {
                    System.arraycopy(src, pages.base() + bodyPos, packet, length, lace);
                } else {
                    oversized = true;
                }
            }
            length += lace;
            bodyPos += lace;
            if (lace < 255) {
                return true;
            }
        }
        return false;
    }

    private boolean packetEndsLater() {
        for (int i = segment; i < pages.segments(); i++) {
            if (pages.lacing(i) < 255) {
                return true;
            }
        }
        return false;
    }

    byte[] data() {
        return packet;
    }

    int length() {
        return Math.min(length, packet.length);
    }

    /** The packet was longer than {@link #MAX_PACKET}: only its start is in {@link #data()}. */
    boolean oversized() {
        return oversized;
    }

    /** The packet is the first on a beginning-of-stream page: the identification header of a (new) stream. */
    boolean bos() {
        return bos;
    }

    int serial() {
        return pages.serial();
    }

    /** Granule position of the page the packet completed on. */
    long granule() {
        return pages.granule();
    }

    /** The packet completed on an end-of-stream page. */
    boolean eos() {
        return pages.has(OggPageReader.EOS);
    }

    /** No other packet completes on the same page. */
    boolean lastOnPage() {
        return lastOnPage;
    }

    /**
     * Pages of the followed stream lost so far (sequence gaps), or at least one for each place where garbage was
     * skipped between pages.
     */
    long resyncs() {
        return Math.max(lostPages, pages.resyncs());
    }
}
