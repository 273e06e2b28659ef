package vn.communeradio.gateway.decode;

import java.io.IOException;
import java.io.InputStream;

import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Header;

/**
 * MP3 (MPEG-1/2/2.5 layer III) on JLayer, gapless. JLayer only ever sees frames that {@link Mp3FrameReader}
 * trusts, fed one section at a time: a section ends where the stream's format changes or a Xing/Info frame starts
 * another file, and gets a fresh JLayer bitstream and decoder. Whatever JLayer throws on a corrupt frame is
 * contained: that frame is dropped, counted as a resync, and decoding goes on with a fresh decoder.
 */
final class Mp3Decoder implements Decoder {

    private final Mp3FrameReader reader;
    private final ByteWindow window;
    private final Feed feed = new Feed();

    private Bitstream bitstream;
    private javazoom.jl.decoder.Decoder jlayer;
    private FloatFrameBuffer frame;
    private Mp3Header format;
    private Gapless gapless = Gapless.NONE;
    private long sectionFrames;
    private long sectionSamples;
    private long resyncs;
    private boolean ended;

    private Mp3Decoder(ByteWindow window) {
        this.window = window;
        this.reader = new Mp3FrameReader(window);
    }

    /**
     * Skips ID3 tags and finds the first run of frames.
     *
     * @throws DecodeException when there is no MP3 audio in the first 64 KiB after the tags
     */
    static Mp3Decoder open(ByteWindow window) throws IOException {
        Mp3Decoder d = new Mp3Decoder(window);
        if (!d.reader.sync()) {
            throw new DecodeException("no MP3 frames before the end of the stream"
                    + (d.reader.id3Bytes() > 0 ? " (after an ID3 tag of " + d.reader.id3Bytes() + " bytes)" : ""));
        }
        d.format = d.reader.current();
        d.frame = new FloatFrameBuffer(d.format.channels());
        return d;
    }

    @Override
    public int read(float[] out) throws IOException {
        while (!ended) {
            if (bitstream == null && !startSection()) {
                ended = true;
                break;
            }
            Header header = readHeader();
            if (header == null) {
                closeSection();
                continue;
            }
            int written = trim(decode(header), out);
            if (written > 0) {
                return written;
            }
        }
        return -1;
    }

    /** JLayer's next header, or null at the end of the section. */
    private Header readHeader() throws IOException {
        try {
            return bitstream.readFrame();
        } catch (BitstreamException | RuntimeException e) {
            feed.rethrowFailure();
            // JLayer lost its footing inside frames we vetted: start the section over at the next frame
            resyncs++;
            feed.dropCurrent();
            closeSection();
            return null;
        }
    }

    /** Decodes the frame JLayer just read; returns its PCM frames (0 when it was corrupt). */
    private int decode(Header header) {
        try {
            jlayer.decodeFrame(header, bitstream);
            return frame.frames();
        } catch (Exception e) {
            // ArrayIndexOutOfBounds and friends on garbage: the decoder's state is suspect, take a fresh one
            resyncs++;
            newJLayerDecoder();
            return 0;
        } finally {
            bitstream.closeFrame();
        }
    }

    /**
     * Copies the part of the frame that is original audio (gapless trimming) to {@code out}. The position moves
     * by a whole frame even when JLayer gave less (a corrupt frame), so the end stays where the tag says.
     */
    private int trim(int frames, float[] out) {
        long from = sectionSamples;
        sectionSamples += format.samplesPerFrame();
        boolean declared = gapless.frames() < 0 || sectionFrames < gapless.frames();
        sectionFrames++;
        long first = Math.max(from, gapless.skip());
        // frames beyond the declared count (a damaged Xing count) are played as they are
        long last = declared ? Math.min(from + frames, gapless.end()) : from + frames;
        if (last <= first) {
            return 0;
        }
        int ch = format.channels();
        int n = (int) (last - first);
        System.arraycopy(frame.samples(), (int) (first - from) * ch, out, 0, n * ch);
        return n;
    }

    private boolean startSection() throws IOException {
        Mp3Header first = feed.prime();
        if (first == null) {
            return false;
        }
        Gapless tag = reader.takeSection();
        boolean newFormat = !first.sameStream(format);
        if (tag != null || newFormat) {
            // another file or stream starts; a restart after a corrupt frame keeps its place in the section
            gapless = tag != null ? tag : Gapless.NONE;
            sectionFrames = 0;
            sectionSamples = 0;
        }
        if (newFormat) {
            format = first;
            frame = new FloatFrameBuffer(first.channels());
        }
        bitstream = new Bitstream(feed);
        newJLayerDecoder();
        return true;
    }

    private void newJLayerDecoder() {
        jlayer = new javazoom.jl.decoder.Decoder();
        jlayer.setOutputBuffer(frame);
    }

    private void closeSection() {
        bitstream = null;
        jlayer = null;
        feed.endSection();
    }

    @Override
    public int sampleRate() {
        return format.sampleRate();
    }

    @Override
    public int channels() {
        return format.channels();
    }

    @Override
    public String format() {
        return "mp3";
    }

    /** Frames' worth of bytes skipped to find frames again, plus frames JLayer could not decode. */
    @Override
    public long resyncs() {
        return resyncs + reader.resyncs();
    }

    @Override
    public void close() throws IOException {
        window.close();
    }

    /**
     * The input JLayer reads: the bytes of vetted frames, one at a time, and an end where a section ends (another
     * format, or a Xing/Info frame starting another file), so that each section gets a JLayer of its own.
     * Failures of the real input are kept to be rethrown as they are (JLayer would wrap them).
     */
    private final class Feed extends InputStream {

        private final byte[] bytes = new byte[2048];
        private final byte[] one = new byte[1];
        private int length;
        private int pos;
        private Mp3Header held;
        private boolean sectionEnd;
        private IOException failure;

        /** Fetches the first frame of the next section; null at the end of the stream. */
        Mp3Header prime() throws IOException {
            sectionEnd = false;
            if (held == null && !fetch()) {
                return null;
            }
            Mp3Header h = held;
            held = null;
            return h;
        }

        /** Reads the next frame into {@link #bytes}; it is {@link #held} until handed to the current section. */
        private boolean fetch() throws IOException {
            try {
                Mp3Header h = reader.next();
                if (h == null) {
                    return false;
                }
                System.arraycopy(window.array(), window.offset(), bytes, 0, h.length());
                length = h.length();
                pos = 0;
                held = h;
                return true;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        void rethrowFailure() throws IOException {
            if (failure != null) {
                throw failure;
            }
        }

        void dropCurrent() {
            pos = length;
        }

        void endSection() {
            sectionEnd = true;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (sectionEnd) {
                return -1; // until the next section takes the held frame
            }
            if (pos == length) {
                if (!fetch()) {
                    return -1;
                }
                if (reader.sectionPending() || !held.sameStream(format)) {
                    sectionEnd = true;
                    return -1;
                }
                held = null;
            }
            int n = Math.min(len, length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return sectionEnd ? 0 : length - pos;
        }
    }
}
