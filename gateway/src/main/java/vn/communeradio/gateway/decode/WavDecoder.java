package vn.communeradio.gateway.decode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * RIFF/WAVE: integer PCM of 8, 16, 24 or 32 bits and 32-bit float, plain or WAVE_FORMAT_EXTENSIBLE, mono or
 * stereo. Chunks other than "fmt " and "data" are skipped; a data size of 0 or 0xFFFFFFFF (a WAV written to a
 * pipe or streamed) means "until the end of the input".
 */
final class WavDecoder implements Decoder {

    private static final int PCM = 1;
    private static final int FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;
    /** Chunks before the audio that are skipped: metadata, never megabytes. */
    private static final long MAX_SKIPPED = 1024 * 1024;

    private final ByteWindow w;
    private final WavFormat format;
    private long remaining;

    /** What the "fmt " chunk says. */
    private record WavFormat(int encoding, int channels, int sampleRate, int bits, int blockAlign) {
    }

    private WavDecoder(ByteWindow w, WavFormat format, long dataBytes) {
        this.w = w;
        this.format = format;
        this.remaining = dataBytes;
    }

    /** Reads the header up to the start of the audio: the input must start with "RIFF....WAVE". */
    static WavDecoder open(ByteWindow w) throws IOException {
        w.skip(12);
        WavFormat format = null;
        long skipped = 0;
        while (true) {
            if (!w.fill(8)) {
                throw new DecodeException("WAV file without audio: the stream ends before the \"data\" chunk");
            }
            String id = new String(w.array(), w.offset(), 4, StandardCharsets.ISO_8859_1);
            long size = w.u32le(4) & 0xFFFFFFFFL;
            w.skip(8);
            if (id.equals("data")) {
                if (format == null) {
                    throw new DecodeException("WAV file without a \"fmt \" chunk before its audio");
                }
                return new WavDecoder(w, format, size == 0 || size == 0xFFFFFFFFL ? Long.MAX_VALUE : size);
            }
            if (id.equals("fmt ")) {
                format = parseFormat(w, size);
            } else {
                skipped += size;
                if (skipped > MAX_SKIPPED) {
                    throw new DecodeException("WAV file with more than " + MAX_SKIPPED / 1024
                            + " KiB of other chunks before its audio (chunk \"" + id.strip() + "\"): damaged?");
                }
            }
            w.skip(size + (size & 1)); // chunks are padded to an even size
        }
    }

    private static WavFormat parseFormat(ByteWindow w, long size) throws IOException {
        if (size < 16 || size > 1024 || !w.fill((int) size)) {
            throw new DecodeException("WAV file with a damaged \"fmt \" chunk (" + size + " bytes)");
        }
        int encoding = w.u16le(0);
        if (encoding == EXTENSIBLE && size >= 26) {
            encoding = w.u16le(24); // the first two bytes of the sub-format GUID are the format code
        }
        WavFormat f = new WavFormat(encoding, w.u16le(2), w.u32le(4), w.u16le(14), w.u16le(12));
        boolean supported = f.encoding == PCM && (f.bits == 8 || f.bits == 16 || f.bits == 24 || f.bits == 32)
                || f.encoding == FLOAT && f.bits == 32;
        if (!supported) {
            throw new DecodeException("WAV encoding " + describe(f) + " is not supported; send 8/16/24/32-bit "
                    + "PCM or 32-bit float WAV, MP3 or Opus");
        }
        if (f.channels != 1 && f.channels != 2) {
            throw new DecodeException("WAV with " + f.channels + " channels is not supported; send mono or stereo");
        }
        if (f.sampleRate < 8000 || f.sampleRate > 192000 || f.blockAlign != f.channels * f.bits / 8) {
            throw new DecodeException("WAV file with a damaged \"fmt \" chunk (" + f.sampleRate + " Hz, "
                    + f.blockAlign + " bytes per frame for " + f.channels + " × " + f.bits + " bits)");
        }
        return f;
    }

    private static String describe(WavFormat f) {
        String name = switch (f.encoding) {
            case PCM -> "PCM";
            case FLOAT -> "float";
            case 2 -> "ADPCM";
            case 6 -> "A-law";
            case 7 -> "µ-law";
            default -> "0x" + Integer.toHexString(f.encoding);
        };
        return name + " " + f.bits + "-bit";
    }

    @Override
    public int read(float[] out) throws IOException {
        int block = format.blockAlign;
        if (remaining < block || !w.fill(block)) {
            return -1; // a partial last frame is dropped
        }
        int frames = (int) Math.min(Math.min(w.available(), remaining) / block,
                Math.min(out.length / format.channels, MAX_FRAMES));
        int samples = frames * format.channels;
        byte[] b = w.array();
        int p = w.offset();
        switch (format.encoding == FLOAT ? 0 : format.bits) {
            case 8 -> {
                for (int i = 0; i < samples; i++, p++) {
                    out[i] = ((b[p] & 0xFF) - 128) / 128f;
                }
            }
            case 16 -> {
                for (int i = 0; i < samples; i++, p += 2) {
                    out[i] = (short) (b[p] & 0xFF | b[p + 1] << 8) / 32768f;
                }
            }
            case 24 -> {
                for (int i = 0; i < samples; i++, p += 3) {
                    out[i] = (b[p] & 0xFF | (b[p + 1] & 0xFF) << 8 | b[p + 2] << 16) / 8388608f;
                }
            }
            case 32 -> {
                for (int i = 0; i < samples; i++, p += 4) {
                    out[i] = le32(b, p) / 2147483648f;
                }
            }
            default -> {
                for (int i = 0; i < samples; i++, p += 4) {
                    out[i] = Clip.unit(Float.intBitsToFloat(le32(b, p)));
                }
            }
        }
        w.skip((long) frames * block);
        remaining -= (long) frames * block;
        return frames;
    }

    private static int le32(byte[] b, int p) {
        return b[p] & 0xFF | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | b[p + 3] << 24;
    }

    @Override
    public int sampleRate() {
        return format.sampleRate;
    }

    @Override
    public int channels() {
        return format.channels;
    }

    @Override
    public String format() {
        return "wav";
    }

    @Override
    public long resyncs() {
        return 0;
    }

    @Override
    public void close() throws IOException {
        w.close();
    }
}
