package vn.communeradio.gateway.decode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Opens the right decoder for a byte stream, from what its first bytes are (the Content-Type is only a hint). Made
 * once at start-up from the loaded native libraries, and shared: it holds no state of its own.
 */
public final class Decoders {

    /** Look-ahead window: an Ogg page of the largest size, with room to search. */
    private static final int WINDOW = OggPageReader.MAX_PAGE + 8 * 1024;

    private final NativeCodecs codecs;

    public Decoders(NativeCodecs codecs) {
        this.codecs = Objects.requireNonNull(codecs);
    }

    /** The native libraries the decoders run on, for the start-up log. */
    public NativeCodecs codecs() {
        return codecs;
    }

    /**
     * Identifies the audio format and reads up to the first audio: "ID3" or an MPEG frame sync → MP3 (or MP2),
     * "OggS" →
     * Ogg/Opus, "RIFF....WAVE" → WAV.
     *
     * @param in                the body; the decoder closes it
     * @param contentTypeOrNull what the server said, used in error messages only: content decides
     * @throws DecodeException  when the stream holds no MP3, Ogg/Opus or WAV audio in its first 64 KiB, or a
     *                          format we do not play; the message says what it seems to be
     */
    public Decoder open(InputStream in, String contentTypeOrNull) throws IOException {
        ByteWindow w = new ByteWindow(in, WINDOW);
        try {
            return open(w, contentTypeOrNull);
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    private static Decoder open(ByteWindow w, String contentType) throws IOException {
        w.fill(12);
        if (w.available() == 0) {
            throw new DecodeException("empty stream: no audio" + said(contentType));
        }
        if (w.available() >= 3 && w.matches(0, "ID3")) {
            return Mp3Decoder.open(w);
        }
        if (w.available() >= 4 && w.matches(0, "OggS")) {
            return OggOpusDecoder.open(w);
        }
        if (w.available() >= 12 && w.matches(0, "RIFF") && w.matches(8, "WAVE")) {
            return WavDecoder.open(w);
        }
        String known = knownOther(w);
        if (known != null) {
            throw new DecodeException(known + said(contentType));
        }
        String start = w.hex(4);
        String guess = guess(w);
        try {
            return Mp3Decoder.open(w);
        } catch (DecodeException e) {
            throw new DecodeException("no MP3, Ogg/Opus or WAV audio in the first " + Mp3FrameReader.SEARCH_LIMIT
                    / 1024 + " KiB (starts with " + start + guess + ")" + said(contentType));
        }
    }

    /** Formats we recognise but do not play: the message names them. */
    private static String knownOther(ByteWindow w) {
        if (w.available() >= 4 && w.matches(0, "fLaC")) {
            return "FLAC is not supported; send MP3 or Opus";
        }
        if (w.available() >= 12 && w.matches(0, "RIFF")) {
            return "RIFF file that is not WAVE (" + new String(w.array(), w.offset() + 8, 4,
                    StandardCharsets.ISO_8859_1) + "); send MP3, Opus or WAV";
        }
        if (w.available() >= 7 && w.matches(0, "#EXTM3U") || w.available() >= 10 && w.matches(0, "[playlist]")) {
            return "a playlist, not audio: give the address of the stream inside it";
        }
        if (w.available() >= 8 && w.matches(4, "ftyp")) {
            return "MP4/AAC is not supported; send MP3 or Opus";
        }
        return null;
    }

    /** What the first bytes look like, for the technician. */
    private static String guess(ByteWindow w) {
        int i = 0;
        while (i < w.available() && i < 4 && Character.isWhitespace(w.u8(i))) {
            i++;
        }
        if (i >= w.available()) {
            return "";
        }
        int c = w.u8(i);
        if (c == '<') {
            return ": an HTML page?";
        }
        if (c == '{' || c == '[') {
            return ": JSON?";
        }
        int next = w.available() > i + 1 ? w.u8(i + 1) : 0;
        if (c == 0xFF && (next & 0xF6) == 0xF0) {
            return ": AAC (ADTS) is not supported";
        }
        return "";
    }

    private static String said(String contentType) {
        return contentType == null ? "" : "; the server said Content-Type " + contentType.toLowerCase(Locale.ROOT);
    }
}
