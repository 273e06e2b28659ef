package vn.communeradio.gateway.decode;

/**
 * One MPEG audio frame header (ISO 11172-3, 13818-3 and the MPEG-2.5 extension): what it says about the stream and
 * how long the frame is.
 *
 * @param version    1 (MPEG-1), 2 (MPEG-2) or 25 (MPEG-2.5)
 * @param layer      1, 2 or 3
 * @param sampleRate in Hz
 * @param channels   1 or 2
 * @param length     bytes of the whole frame, header included
 * @param crc        a 16-bit CRC follows the header
 */
record Mp3Header(int version, int layer, int sampleRate, int channels, int length, boolean crc) {

    private static final int[] RATES_MPEG1 = {44100, 48000, 32000};
    /** Bit rates in kbps by bit rate index (1-14), from the standards' tables. */
    private static final int[] KBPS_MPEG1_LAYER1 = {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416,
        448};
    private static final int[] KBPS_MPEG1_LAYER2 = {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384};
    private static final int[] KBPS_MPEG1_LAYER3 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    private static final int[] KBPS_MPEG2_LAYER1 = {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256};
    private static final int[] KBPS_MPEG2_LAYER23 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};

    /**
     * The header in the 4 bytes {@code h} (big-endian), or null when they are not a header we play: no sync, a
     * reserved field, or free format (bit rate index 0: no frame length to chain frames by).
     */
    static Mp3Header parse(int h) {
        if ((h & 0xFFE00000) != 0xFFE00000) {
            return null;
        }
        int versionBits = h >>> 19 & 3;
        int layerBits = h >>> 17 & 3;
        int bitrateIndex = h >>> 12 & 15;
        int rateIndex = h >>> 10 & 3;
        if (versionBits == 1 || layerBits == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3
                || (h & 3) == 2) {
            return null;
        }
        int version = versionBits == 3 ? 1 : versionBits == 2 ? 2 : 25;
        int layer = 4 - layerBits;
        int rate = RATES_MPEG1[rateIndex] >> (version == 1 ? 0 : version == 2 ? 1 : 2);
        int padding = h >>> 9 & 1;
        int kbps = (version == 1
                ? layer == 1 ? KBPS_MPEG1_LAYER1 : layer == 2 ? KBPS_MPEG1_LAYER2 : KBPS_MPEG1_LAYER3
                : layer == 1 ? KBPS_MPEG2_LAYER1 : KBPS_MPEG2_LAYER23)[bitrateIndex];
        int length;
        if (layer == 1) {
            length = (12000 * kbps / rate + padding) * 4;
        } else if (layer == 3 && version != 1) {
            length = 72000 * kbps / rate + padding;
        } else {
            length = 144000 * kbps / rate + padding;
        }
        int channels = (h >>> 6 & 3) == 3 ? 1 : 2;
        return new Mp3Header(version, layer, rate, channels, length, (h >>> 16 & 1) == 0);
    }

    /** Same stream: a frame that differs in these is garbage or the start of another stream. */
    boolean sameStream(Mp3Header o) {
        return o != null && o.version == version && o.layer == layer && o.sampleRate == sampleRate
                && o.channels == channels;
    }

    /**
     * True when the frame in {@code w} at offset 0 (its whole length available) is a Xing/Info or VBRI frame: the
     * first of a file as an encoder wrote it, carrying no audio (libmpg123 reads its gapless trimming).
     */
    boolean infoFrame(ByteWindow w) {
        if (layer != 3) {
            return false;
        }
        int sideInfo = version == 1 ? (channels == 1 ? 17 : 32) : (channels == 1 ? 9 : 17);
        int at = 4 + (crc ? 2 : 0) + sideInfo;
        return length >= at + 4 && (w.matches(at, "Xing") || w.matches(at, "Info"))
                || length >= 36 + 4 && w.matches(36, "VBRI");
    }
}
