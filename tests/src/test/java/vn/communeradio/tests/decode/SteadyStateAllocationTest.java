package vn.communeradio.tests.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import vn.communeradio.gateway.decode.Decoder;
import vn.communeradio.tests.support.NativeDecoders;
import vn.communeradio.tests.support.TestAudio;

/**
 * Decoding allocates nothing per frame or packet once a stream plays: garbage makes the collector stop every
 * thread, the audio callback's too. Measured as DecodeBench does (the thread's allocated bytes), over 20 s of
 * music after the first 2 s.
 */
class SteadyStateAllocationTest {

    /** Bytes per audio second allowed: less than one small object a second (a frame is 26 ms, a packet 20 ms). */
    private static final double BOUND = 64;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mp3", "mp3-vbr", "mp2", "opus"})
    void decodingAllocatesNothingPerFrame(String kind) throws IOException {
        Path wav = TestAudio.musicWav(dir, "music.wav", 22, 44100);
        Path file = switch (kind) {
            case "mp3" -> TestAudio.mp3Cbr(wav, 128);
            case "mp3-vbr" -> TestAudio.mp3Vbr(wav, 2);
            case "mp2" -> TestAudio.ffmpeg(wav, ".mp2", "-c:a", "mp2", "-b:a", "192k");
            default -> TestAudio.opus(wav, 64, 1);
        };
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        float[] out = new float[Decoder.MAX_FRAMES * 2];
        try (Decoder d = NativeDecoders.load().open(new ByteArrayInputStream(Files.readAllBytes(file)), null)) {
            long frames = 0;
            while (frames < 2L * d.sampleRate()) {
                frames += Math.max(0, d.read(out));
            }
            long before = threads.getThreadAllocatedBytes(thread);
            long measured = 0;
            for (int n; (n = d.read(out)) >= 0; ) {
                measured += n;
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            double seconds = (double) measured / d.sampleRate();
            assertTrue(seconds > 19, "decoded " + seconds + " s");
            assertTrue(allocated / seconds < BOUND, kind + ": " + allocated + " bytes in " + seconds
                    + " s of audio");
        }
    }
}
