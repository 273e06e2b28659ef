package vn.communeradio.gateway.decode;

/**
 * One MPEG audio layer III frame header: what it says about the stream and how long the frame is.
 *
 * @param version      1 (MPEG-1), 2 (MPEG-2) or 25 (MPEG-2.5)
 * @param sampleRate   in Hz
 * @param channels     1 or 2
 * @param length       bytes of the whole frame, header included
 * @param crc          a 16-bit CRC follows the header
 */
record Mp3Header(int version, int sampleRate, int channels, int length, boolean crc) {

    private static final int[] RATES_MPEG1 = {44100, 48000, 32000};
    private static final int[] KBPS_MPEG1 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    private static final int[] KBPS_MPEG2 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};

    /**
     * The header in the 4 bytes {@code h} (big-endian), or null when they are not a layer III header we play: no
     * sync, a reserved field, free format (bit rate index 0: no frame length to chain by) or another layer.
     */
    static Mp3Header parse(int h) {
        if ((h & 0xFFE00000) != 0xFFE00000) {
            return null;
        }
        int versionBits = h >>> 19 & 3;
        int layerBits = h >>> 17 & 3;
        int bitrateIndex = h >>> 12 & 15;
        int rateIndex = h >>> 10 & 3;
        if (versionBits == 1 || layerBits != 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3
                || (h & 3) == 2) {
            return null;
        }
        int version = versionBits == 3 ? 1 : versionBits == 2 ? 2 : 25;
        int rate = RATES_MPEG1[rateIndex] >> (version == 1 ? 0 : version == 2 ? 1 : 2);
        int padding = h >>> 9 & 1;
        int length = version == 1
                ? 144000 * KBPS_MPEG1[bitrateIndex] / rate + padding
                : 72000 * KBPS_MPEG2[bitrateIndex] / rate + padding;
        int channels = (h >>> 6 & 3) == 3 ? 1 : 2;
        return new Mp3Header(version, rate, channels, length, (h >>> 16 & 1) == 0);
    }

    /** Same stream: a frame that differs in these is garbage or the start of another stream. */
    boolean sameStream(Mp3Header o) {
        return o.version == version && o.sampleRate == sampleRate && o.channels == channels;
    }

    /** PCM frames one MPEG frame decodes to. */
    int samplesPerFrame() {
        return version == 1 ? 1152 : 576;
    }

    /** Offset of a Xing/Info tag: after the header, the CRC and the side information. */
    int sideInfoEnd() {
        int sideInfo = version == 1 ? (channels == 1 ? 17 : 32) : (channels == 1 ? 9 : 17);
        return 4 + (crc ? 2 : 0) + sideInfo;
    }
}
