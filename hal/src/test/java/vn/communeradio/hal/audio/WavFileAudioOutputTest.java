package vn.communeradio.hal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFileAudioOutputTest {

    private static final OutputFormat FORMAT = new OutputFormat(48_000, 2, 1024);

    @TempDir
    Path dir;

    /** Left: a 1 kHz sine at half scale; right: its inverse, so that swapped or mixed channels show. */
    private static final class Sine implements AudioRenderer {
        long frame;

        @Override
        public void render(float[] buffer, int frames) {
            for (int i = 0; i < frames; i++, frame++) {
                float s = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * frame / 48_000.0));
                buffer[2 * i] = s;
                buffer[2 * i + 1] = -s;
            }
        }
    }

    @Test
    void writesAValidFileWhoseDurationMatchesTheWallTimePlayed() throws Exception {
        Path path = dir.resolve("out/speakers.wav");
        WavFileAudioOutput output = new WavFileAudioOutput(path, FORMAT, 16);
        long t0 = System.nanoTime();
        output.start(new Sine());
        awaitCallbacks(output, 2.0);
        output.close();
        double wall = (System.nanoTime() - t0) / 1e9;

        WavFile wav = WavFile.read(path);
        assertEquals(2, wav.channels());
        assertEquals(48_000, wav.sampleRate());
        assertEquals(16, wav.bitsPerSample());
        assertEquals(wav.data().length, wav.declaredDataBytes(), "a clean stop fixes the header");
        assertEquals(36 + wav.data().length, wav.declaredRiffBytes());
        // paced in real time: the audio is as long as the time it played, within two periods and scheduling slack
        assertEquals(wall, wav.seconds(), 0.1, "audio seconds vs wall seconds");
        for (long f = 0; f < 480; f++) {
            float expected = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * f / 48_000.0));
            assertEquals(expected, wav.sample(f, 0), 1e-4, "left sample " + f);
            assertEquals(-expected, wav.sample(f, 1), 1e-4, "right sample " + f);
        }
    }

    @Test
    void isReadableUpToTheLastWriteWhileStillRunning() throws Exception {
        // what a SIGKILL leaves: the file as it is between writes, never finalised
        Path path = dir.resolve("live.wav");
        WavFileAudioOutput output = new WavFileAudioOutput(path, FORMAT, 16);
        output.start(new Sine());
        try {
            awaitCallbacks(output, 2.5);
            WavFile wav = WavFile.read(path);
            assertTrue(wav.seconds() >= 1.0, "at least one second written once 2.5 s have played: " + wav.seconds());
            assertTrue(wav.declaredDataBytes() <= wav.data().length, "sizes never claim more than is there");
            assertTrue(wav.declaredDataBytes() > 0, "sizes are updated with every write");
        } finally {
            output.close();
        }
    }

    @Test
    void twentyFourBitAndClipping() throws Exception {
        Path path = dir.resolve("loud.wav");
        WavFileAudioOutput output = new WavFileAudioOutput(path, FORMAT, 24);
        output.start((buffer, frames) -> java.util.Arrays.fill(buffer, 0, frames * 2, 3.0f));
        awaitCallbacks(output, 0.1);
        output.close();
        byte[] bytes = Files.readAllBytes(path);
        assertEquals(24, bytes[34]);
        // full-scale positive 24-bit little endian: ff ff 7f (a wrapped value would be negative)
        assertEquals((byte) 0xff, bytes[44]);
        assertEquals((byte) 0xff, bytes[45]);
        assertEquals((byte) 0x7f, bytes[46]);
    }

    @Test
    void aThrowingRendererIsPlayedAsSilenceCountedAndReportedAndTheOutputKeepsGoing() throws Exception {
        // the policy of every output (RenderFailures): JACK, Java Sound, null and WAV alike
        Path path = dir.resolve("faulty.wav");
        WavFileAudioOutput output = new WavFileAudioOutput(path, FORMAT, 16);
        int[] calls = new int[1];
        output.start((buffer, frames) -> {
            java.util.Arrays.fill(buffer, 0, frames * 2, 0.5f);
            if (++calls[0] % 4 == 0) {
                throw new IllegalStateException("renderer bug"); // after filling: those samples must not play
            }
        });
        awaitCallbacks(output, 1.5);
        AudioOutputStats stats = output.stats();
        output.close();
        assertTrue(stats.running(), "it keeps going");
        assertTrue(stats.renderFailures() >= stats.callbacks() / 4 - 1, stats.toString());
        assertTrue(stats.lastError() != null && stats.lastError().contains("played as silence"), stats.toString());
        WavFile wav = WavFile.read(path);
        for (int period = 0; period < 40; period++) {
            float expected = period % 4 == 3 ? 0f : 0.5f;
            assertEquals(expected, wav.sample(period * 1024L + 512, 0), 1e-3, "period " + period);
        }
    }

    @Test
    void unwritablePathIsAClearError() {
        WavFileAudioOutput output = new WavFileAudioOutput(Path.of("/proc/forbidden/out.wav"), FORMAT, 16);
        AudioOutputException e = assertThrows(AudioOutputException.class, () -> output.start(AudioRenderer.SILENCE));
        assertTrue(e.getMessage().contains("/proc/forbidden/out.wav"), e.getMessage());
    }

    static void awaitCallbacks(AudioOutput output, double seconds) throws InterruptedException {
        long wanted = (long) Math.ceil(seconds * output.format().sampleRate() / output.format().periodFrames());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (output.stats().callbacks() < wanted) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("output rendered only " + output.stats().callbacks() + " periods");
            }
            Thread.sleep(5);
        }
    }
}
