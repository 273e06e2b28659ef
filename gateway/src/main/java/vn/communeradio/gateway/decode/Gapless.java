package vn.communeradio.gateway.decode;

/**
 * Which decoded samples of an MP3 section are the original audio, from its Xing/Info frame and LAME tag: the
 * encoder's delay and padding, shifted by the decoder's own delay as mpg123 does, so the output is exactly as long
 * as the PCM that was encoded.
 *
 * @param frames  audio frames in the section (the Xing/Info frame excluded), or -1 when not declared
 * @param skip    samples to drop at the start
 * @param end     sample position after the last one to play (within the declared frames), or Long.MAX_VALUE
 */
record Gapless(long frames, long skip, long end) {

    /** Delay of the layer III synthesis filter bank: mpg123's GAPLESS_DELAY. */
    static final int DECODER_DELAY = 529;

    /** A section without trimming (a Xing frame without a LAME tag, a VBRI frame). */
    static final Gapless NONE = new Gapless(-1, 0, Long.MAX_VALUE);

    /**
     * Reads a Xing/Info (or VBRI) tag in the frame at {@code window} offset 0.
     *
     * @return null when the frame is audio, else what to trim for the section it starts
     */
    static Gapless parse(ByteWindow w, Mp3Header h) {
        int at = h.sideInfoEnd();
        if (h.length() >= 36 + 4 && w.matches(36, "VBRI")) {
            return NONE;
        }
        if (h.length() < at + 8 || !(w.matches(at, "Xing") || w.matches(at, "Info"))) {
            return null;
        }
        int flags = w.u32be(at + 4);
        int p = at + 8;
        long frames = -1;
        if ((flags & 1) != 0) {
            frames = w.u32be(p) & 0xFFFFFFFFL;
            p += 4;
        }
        p += ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 100 : 0) + ((flags & 8) != 0 ? 4 : 0);
        // LAME tag: 9 bytes encoder name, then delay and padding (12 bits each) 21 bytes in
        if (p + 24 > h.length() || !(w.matches(p, "LAME") || w.matches(p, "Lavc") || w.matches(p, "Lavf")
                || w.matches(p, "GOGO"))) {
            return frames < 0 ? NONE : new Gapless(frames, 0, Long.MAX_VALUE);
        }
        int delay = w.u8(p + 21) << 4 | w.u8(p + 22) >>> 4;
        int padding = (w.u8(p + 22) & 0x0F) << 8 | w.u8(p + 23);
        long skip = delay + DECODER_DELAY;
        long end = frames < 0 ? Long.MAX_VALUE
                : Math.min(frames * h.samplesPerFrame(), frames * h.samplesPerFrame() - padding + DECODER_DELAY);
        return new Gapless(frames, skip, end);
    }
}
