package vn.communeradio.hal.audio;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.tinylog.Logger;

/**
 * Writes exactly what the speakers would get to a WAV file, paced in real time: the file grows at the rate a
 * sound card would consume. The header goes first and the data is written out at least once a second with the
 * header's sizes updated, so after a SIGKILL the file is a readable WAV up to the last write; a clean close
 * writes the rest and the final sizes.
 */
public final class WavFileAudioOutput extends PacedOutput {

    private static final int HEADER_BYTES = 44;

    private final Path path;
    private final int bitsPerSample;
    private final int bytesPerSample;
    private final ByteBuffer pending;
    private final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private FileChannel channel;
    private long dataBytes;

    /** @param bitsPerSample 16 or 24 (signed PCM) */
    public WavFileAudioOutput(Path path, OutputFormat format, int bitsPerSample) {
        this(path, format, bitsPerSample, AudioInput.NONE);
    }

    /** @param input read in the same loop, its capture handed to the renderer with each period */
    public WavFileAudioOutput(Path path, OutputFormat format, int bitsPerSample, AudioInput input) {
        super(format, input, "audio-wav");
        if (bitsPerSample != 16 && bitsPerSample != 24) {
            throw new IllegalArgumentException("WAV sample size must be 16 or 24 bits, got " + bitsPerSample);
        }
        this.path = path;
        this.bitsPerSample = bitsPerSample;
        this.bytesPerSample = bitsPerSample / 8;
        // one second of audio: a full buffer is the "at least once a second" write
        int periodBytes = format.periodSamples() * bytesPerSample;
        int periodsPerSecond = Math.max(1, format.sampleRate() / format.periodFrames());
        this.pending = ByteBuffer.allocate(periodBytes * periodsPerSecond).order(ByteOrder.LITTLE_ENDIAN);
    }

    public Path path() {
        return path;
    }

    @Override
    void open() throws AudioOutputException {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            writeHeader();
        } catch (IOException e) {
            throw new AudioOutputException("cannot write WAV output " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    void consume(float[] buffer, int frames) throws IOException {
        int samples = frames * format().channels();
        for (int i = 0; i < samples; i++) {
            float s = buffer[i];
            // clamp: a renderer overshooting full scale must clip, not wrap around
            s = s > 1f ? 1f : (s < -1f ? -1f : s);
            if (bytesPerSample == 2) {
                pending.putShort((short) Math.round(s * 32767f));
            } else {
                int v = Math.round(s * 8_388_607f);
                pending.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
            }
        }
        if (pending.remaining() < samples * bytesPerSample) {
            flush();
        }
    }

    private synchronized void flush() throws IOException {
        pending.flip();
        while (pending.hasRemaining()) {
            dataBytes += channel.write(pending, HEADER_BYTES + dataBytes);
        }
        pending.clear();
        writeHeader();
    }

    private void writeHeader() throws IOException {
        OutputFormat f = format();
        int blockAlign = f.channels() * bytesPerSample;
        long data = Math.min(dataBytes, 0xFFFF_FFFFL - 36);
        header.clear();
        header.put("RIFF".getBytes(US_ASCII)).putInt((int) (36 + data))
                .put("WAVE".getBytes(US_ASCII))
                .put("fmt ".getBytes(US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) f.channels())
                .putInt(f.sampleRate()).putInt(f.sampleRate() * blockAlign)
                .putShort((short) blockAlign).putShort((short) bitsPerSample)
                .put("data".getBytes(US_ASCII)).putInt((int) data);
        header.flip();
        while (header.hasRemaining()) {
            channel.write(header, header.position());
        }
    }

    @Override
    synchronized void release() {
        if (channel == null) {
            return;
        }
        try {
            flush();
            channel.close();
        } catch (IOException e) {
            Logger.error("WAV output {} not finalised: {}", path, e.getMessage());
        }
        channel = null;
    }

    @Override
    public String description() {
        OutputFormat f = format();
        return "wav:" + path + " (" + f.sampleRate() + " Hz, " + f.channels() + " ch, " + bitsPerSample + "-bit"
                + inputDescription() + ")";
    }
}
