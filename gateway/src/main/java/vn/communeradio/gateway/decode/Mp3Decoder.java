package vn.communeradio.gateway.decode;

import java.io.IOException;

/**
 * MPEG audio (MPEG-1/2/2.5, layers I, II and III: MP3 and MP2) on libmpg123, gapless. libmpg123 only ever sees the
 * frames that {@link Mp3FrameReader} trusts (so the 64 KiB rule and the resynchronisation after garbage are ours),
 * one at a time. Where another file starts (a Xing/Info frame, or frames of another format) the handle starts a new
 * stream, so each file's own gapless trimming and format apply; a frame libmpg123 gives up on is dropped, counted as
 * a resync, and decoding goes on with the next one.
 */
final class Mp3Decoder implements Decoder {

    private final Mp3FrameReader reader;
    private final ByteWindow window;
    private final Mpg123Feed mpg123;
    /** Header of the frames fed since the last new stream. */
    private Mp3Header format;
    private int channels;
    private int rate;
    private boolean restart;
    private long failures;
    private boolean ended;

    private Mp3Decoder(ByteWindow window, Mp3FrameReader reader, Mp3Header first, Mpg123Feed mpg123) {
        this.window = window;
        this.reader = reader;
        this.format = first;
        this.channels = first.channels();
        this.rate = first.sampleRate();
        this.mpg123 = mpg123;
    }

    /**
     * Skips ID3 tags and finds the first run of frames.
     *
     * @throws DecodeException when there is no MPEG audio in the first 64 KiB after the tags
     */
    static Mp3Decoder open(ByteWindow window) throws IOException {
        Mp3FrameReader reader = new Mp3FrameReader(window);
        if (!reader.sync()) {
            throw new DecodeException("no MP3 frames before the end of the stream"
                    + (reader.id3Bytes() > 0 ? " (after an ID3 tag of " + reader.id3Bytes() + " bytes)" : ""));
        }
        return new Mp3Decoder(window, reader, reader.current(), new Mpg123Feed());
    }

    @Override
    public int read(float[] out) throws IOException {
        while (true) {
            int floats = mpg123.decode(out);
            if (floats > 0) {
                channels = mpg123.channels();
                rate = mpg123.rate();
                return floats / channels;
            }
            if (floats == Mpg123Feed.FAILED) {
                // libmpg123 lost its footing on a frame we vetted (damage inside it): go on from the next frame
                failures++;
                restart = true;
            } else if (floats == Mpg123Feed.NEED_MORE && !feedNextFrame()) {
                return -1;
            }
        }
    }

    /** Feeds the next frame, starting a new stream on the handle where another file starts; false at the end. */
    private boolean feedNextFrame() throws IOException {
        if (ended) {
            return false;
        }
        Mp3Header h = reader.next();
        if (h == null) {
            ended = true;
            return false;
        }
        if (restart || reader.startsFile() || !h.sameStream(format)) {
            mpg123.restart();
            format = h;
            restart = false;
        }
        mpg123.feed(window.array(), window.offset(), h.length());
        return true;
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public int channels() {
        return channels;
    }

    /** "mp3", or "mp2" / "mp1" for layer II / I. */
    @Override
    public String format() {
        return "mp" + format.layer();
    }

    /** Frames' worth of bytes skipped to find frames again, plus frames libmpg123 could not decode. */
    @Override
    public long resyncs() {
        return failures + reader.resyncs();
    }

    @Override
    public void close() throws IOException {
        mpg123.close();
        window.close();
    }
}
