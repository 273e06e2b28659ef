package vn.communeradio.gateway.decode;

import java.io.IOException;

/**
 * Ogg/Opus (RFC 7845) on libopus, at 48 kHz, from our own Ogg page and packet reader: pre-skip trimmed at the
 * start of each link, end padding trimmed by the end-of-stream page's granule position, the header's output gain
 * applied. Chained streams (a new beginning-of-stream page, as Icecast sends when the metadata changes) play on.
 * Other codecs in Ogg are refused in words.
 */
final class OggOpusDecoder implements Decoder {

    static final int RATE = OpusPacketDecoder.RATE;
    /** Bytes searched for an OpusHead before the input is declared not playable (PROTOCOL: first 64 KiB). */
    static final int SEARCH_LIMIT = 64 * 1024;

    private final ByteWindow window;
    private final OggPageReader pages;
    private final OggPacketReader packets;
    private OpusPacketDecoder opus;
    private OpusHead head;
    private float scale;
    private boolean tagsPending;
    private long decoded;
    private long base;
    private long resyncs;

    private OggOpusDecoder(ByteWindow window) {
        this.window = window;
        this.pages = new OggPageReader(window);
        this.packets = new OggPacketReader(pages, SEARCH_LIMIT);
    }

    /**
     * Reads up to the first link's OpusHead.
     *
     * @throws DecodeException for Ogg without Opus (Vorbis, FLAC…) or without a valid page in the first 64 KiB
     */
    static OggOpusDecoder open(ByteWindow window) throws IOException {
        OggOpusDecoder d = new OggOpusDecoder(window);
        try {
            d.findFirstLink();
        } catch (IOException | RuntimeException e) {
            d.closeOpus();
            throw e;
        }
        return d;
    }

    private void findFirstLink() throws IOException {
        String other = null;
        while (head == null) {
            boolean more = window.position() <= SEARCH_LIMIT && packets.next();
            if (!more) {
                throw new DecodeException(other != null
                        ? "Ogg stream of another codec (" + other + "); send MP3 or Opus"
                        : "Ogg stream without an Opus header " + (window.position() > SEARCH_LIMIT
                                ? "in its first " + SEARCH_LIMIT / 1024 + " KiB" : "before its end"));
            }
            if (packets.bos() && !startLink()) {
                other = OpusHead.codecName(packets.data(), packets.length());
            }
        }
        // after the start, a damaged page may hide the next valid one up to a page length further
        packets.searchLimit(SEARCH_LIMIT + OggPageReader.MAX_PAGE);
    }

    /**
     * Starts a link at an OpusHead packet.
     *
     * @return false when the packet is another codec's header that may be multiplexed beside Opus
     * @throws DecodeException for Vorbis, FLAC, or an Opus layout we do not play
     */
    private boolean startLink() throws IOException {
        OpusHead h = OpusHead.parse(packets.data(), packets.length());
        if (h == null) {
            return false;
        }
        if (opus == null) {
            opus = new OpusPacketDecoder(h.channels());
        } else {
            opus.reset(h.channels());
        }
        head = h;
        scale = h.gainFactor();
        packets.follow(packets.serial());
        tagsPending = true;
        decoded = 0;
        base = -1;
        return true;
    }

    @Override
    public int read(float[] out) throws IOException {
        while (packets.next()) {
            if (packets.bos()) {
                startLink(); // a new link; another codec's header beside ours is not ours to play
                continue;
            }
            if (tagsPending) {
                tagsPending = false;
                if (OpusHead.isTags(packets.data(), packets.length())) {
                    continue; // the title is the source's business (ICY, OpusTags), not the decoder's
                }
            }
            int n = decodePacket();
            if (n <= 0) {
                continue;
            }
            long from = decoded;
            decoded += n;
            long first = Math.max(from, head.preSkip());
            long last = decoded;
            if (packets.eos()) {
                // the end-of-stream page's granule says where the audio stops: the rest is encoder padding
                last = Math.min(last, packets.granule() - Math.max(base, 0));
            } else if (base < 0 && packets.lastOnPage()) {
                // a stream joined mid-way (a live link) starts at a granule above zero
                base = Math.max(0, packets.granule() - decoded);
            }
            if (last > first) {
                return convert((int) (first - from), (int) (last - first), out);
            }
        }
        return -1;
    }

    /** Decodes the current packet (kept in the Opus decoder's output); 0 when it is damaged (dropped and counted). */
    private int decodePacket() {
        if (packets.length() == 0) {
            return 0; // an empty packet carries no audio (RFC 7845 allows none, some muxers write them)
        }
        if (packets.oversized()) {
            resyncs++;
            return 0;
        }
        int frames = opus.decode(packets.data(), packets.length());
        if (frames < 0) {
            // libopus refused a damaged packet (its state is unchanged): drop it and go on
            resyncs++;
            return 0;
        }
        return frames;
    }

    private int convert(int offset, int frames, float[] out) {
        opus.copy(offset, frames, out);
        int n = frames * head.channels();
        for (int i = 0; i < n; i++) {
            out[i] = Clip.unit(out[i] * scale); // a positive header gain can push past full scale
        }
        return frames;
    }

    @Override
    public int sampleRate() {
        return RATE;
    }

    @Override
    public int channels() {
        return head.channels();
    }

    @Override
    public String format() {
        return "opus";
    }

    /** Ogg pages lost (bad CRC, garbage, gaps) plus damaged packets dropped. */
    @Override
    public long resyncs() {
        return resyncs + packets.resyncs();
    }

    @Override
    public void close() throws IOException {
        closeOpus();
        window.close();
    }

    private void closeOpus() {
        if (opus != null) {
            opus.close();
        }
    }
}
