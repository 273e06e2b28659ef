package vn.communeradio.hal.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A parsed canonical PCM WAV file, for tests: its declared sizes and its actual data. Parsing fails loudly on
 * anything a player would reject.
 *
 * @param declaredDataBytes the data chunk's size field (may lag behind after a SIGKILL)
 * @param data              the bytes actually present after the header
 */
public record WavFile(int channels, int sampleRate, int bitsPerSample, long declaredRiffBytes,
                      long declaredDataBytes, byte[] data) {

    public static WavFile read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        if (bytes.length < 44) {
            throw new IOException(path + ": " + bytes.length + " bytes, shorter than a WAV header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        expect(b, 0, "RIFF", path);
        expect(b, 8, "WAVE", path);
        expect(b, 12, "fmt ", path);
        if (b.getInt(16) != 16 || b.getShort(20) != 1) {
            throw new IOException(path + ": not a 16-byte PCM fmt chunk");
        }
        int channels = b.getShort(22);
        int rate = b.getInt(24);
        int byteRate = b.getInt(28);
        int blockAlign = b.getShort(32);
        int bits = b.getShort(34);
        if (blockAlign != channels * bits / 8 || byteRate != rate * blockAlign) {
            throw new IOException(path + ": inconsistent fmt chunk");
        }
        expect(b, 36, "data", path);
        byte[] data = java.util.Arrays.copyOfRange(bytes, 44, bytes.length);
        return new WavFile(channels, rate, bits, Integer.toUnsignedLong(b.getInt(4)),
                Integer.toUnsignedLong(b.getInt(40)), data);
    }

    private static void expect(ByteBuffer b, int offset, String tag, Path path) throws IOException {
        String found = new String(new byte[] {b.get(offset), b.get(offset + 1), b.get(offset + 2), b.get(offset + 3)},
                java.nio.charset.StandardCharsets.US_ASCII);
        if (!found.equals(tag)) {
            throw new IOException(path + ": expected '" + tag + "' at byte " + offset + ", found '" + found + "'");
        }
    }

    public int frameBytes() {
        return channels * bitsPerSample / 8;
    }

    /** Frames actually present. */
    public long frames() {
        return data.length / frameBytes();
    }

    public double seconds() {
        return (double) frames() / sampleRate;
    }

    /** Sample {@code frame} of {@code channel} as ±1.0 (16-bit files). */
    public float sample(long frame, int channel) {
        int offset = (int) (frame * frameBytes() + channel * 2L);
        short s = (short) ((data[offset] & 0xff) | (data[offset + 1] << 8));
        return s / 32767f;
    }
}
