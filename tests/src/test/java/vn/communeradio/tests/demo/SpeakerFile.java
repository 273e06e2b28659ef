package vn.communeradio.tests.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import vn.communeradio.tests.support.TestAudio;

/** What the speakers got: the WAV file the station's {@code wav:} output wrote, measured in seconds. */
record SpeakerFile(Path path, double seconds, double audibleSeconds) {

    /** Reads a finalised 16-bit PCM WAV; a 100 ms block with a peak above −40 dBFS counts as audible. */
    static SpeakerFile read(Path wav) throws IOException {
        long frames = TestAudio.wavFrames(wav);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        int channels = b.getShort(22);
        int rate = b.getInt(24);
        int data = b.capacity() - (int) (frames * channels * 2);
        int block = rate / 10;
        long audibleBlocks = 0;
        for (long start = 0; start < frames; start += block) {
            int peak = 0;
            for (long f = start; f < Math.min(frames, start + block); f++) {
                for (int c = 0; c < channels; c++) {
                    peak = Math.max(peak, Math.abs(b.getShort((int) (data + (f * channels + c) * 2))));
                }
            }
            if (peak > 328) {
                audibleBlocks++;
            }
        }
        return new SpeakerFile(wav, (double) frames / rate, audibleBlocks / 10.0);
    }

    @Override
    public String toString() {
        return String.format("%s (%.1f s, %.1f s of it with sound)", path, seconds, audibleSeconds);
    }
}
