package vn.communeradio.gateway.decode;

import java.nio.charset.StandardCharsets;

/**
 * The identification header of an Ogg/Opus link (RFC 7845 §5.1).
 *
 * @param channels  1 or 2
 * @param preSkip   48 kHz samples to drop at the start of the link
 * @param gainQ78   output gain in dB, Q7.8
 */
record OpusHead(int channels, int preSkip, int gainQ78) {

    /**
     * Parses the first packet of a beginning-of-stream page.
     *
     * @return null when it is no Opus header (another codec that may be multiplexed beside Opus)
     * @throws DecodeException for Vorbis or FLAC (what people send by mistake) and Opus layouts we do not play
     */
    static OpusHead parse(byte[] p, int length) throws DecodeException {
        if (starts(p, length, "\u0001vorbis")) {
            throw new DecodeException("Ogg Vorbis is not supported; send MP3 or Opus");
        }
        if (starts(p, length, "\u007FFLAC")) {
            throw new DecodeException("Ogg FLAC is not supported; send MP3 or Opus");
        }
        if (!starts(p, length, "OpusHead")) {
            return null;
        }
        if (length < 19 || (p[8] & 0xF0) != 0) {
            throw new DecodeException("Opus header of an unknown version (" + (length < 19 ? "too short" : "version "
                    + (p[8] & 0xFF)) + ")");
        }
        int channels = p[9] & 0xFF;
        int family = p[18] & 0xFF;
        if (family != 0 || channels < 1 || channels > 2) {
            throw new DecodeException("Opus with " + channels + " channels (mapping family " + family
                    + ") is not supported; send mono or stereo");
        }
        return new OpusHead(channels, p[10] & 0xFF | (p[11] & 0xFF) << 8, (short) (p[16] & 0xFF | p[17] << 8));
    }

    /** Linear factor of the output gain. */
    float gainFactor() {
        return (float) Math.pow(10, gainQ78 / (256.0 * 20));
    }

    /** The comment header that follows OpusHead (a lost page may have taken it). */
    static boolean isTags(byte[] p, int length) {
        return starts(p, length, "OpusTags");
    }

    /** A printable start of another codec's identification header, for the error message. */
    static String codecName(byte[] p, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(8, length); i++) {
            char c = (char) (p[i] & 0xFF);
            s.append(c >= 0x20 && c < 0x7F ? c : '.');
        }
        return "header \"" + s + "\"";
    }

    private static boolean starts(byte[] p, int length, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
        if (length < m.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (p[i] != m[i]) {
                return false;
            }
        }
        return true;
    }
}
